/**
 * The reference system's business dashboards from its metrics store: a business-logic overview and
 * an autopilot-health view. Thresholds are the alert rules' (read from the store's `alert_state`
 * records), fired alerts are the timeline, level shifts are marked as on the history dashboard.
 */
import type { MetricsFile } from '../observability/metrics-file.ts';
import { levelShifts } from '../stats/latest-shift.ts';
import type { DashboardEvent, DashboardModel, DashboardPanel } from './dashboard-model.ts';
import { sqlText } from './history-dashboard.ts';

export interface MetricsView {
  name: string;
  title: string;
  panels: Array<{ type: string; title: string; unit?: string }>;
}

/** The two views the reference system's testing plan names. */
export const REFERENCE_VIEWS: readonly MetricsView[] = [
  {
    name: 'business-overview',
    title: 'Business-logic overview',
    panels: [
      { type: 'selection_entropy', title: 'Selection entropy (0-1)' },
      { type: 'curator_apply_budget_used_pct', title: 'Curator budget used (%)', unit: 'percent' },
      { type: 'llm_breaker_open_ms', title: 'LLM breaker: open for (ms)', unit: 'ms' },
      { type: 'hd_detection_slow_rate', title: 'Slow detection rate (LLM failures and timeouts)', unit: 'percentunit' },
    ],
  },
  {
    name: 'autopilot-health',
    title: 'Autopilot health',
    panels: [
      { type: 'autopilot_pred_vs_real_error', title: 'Autopilot prediction error' },
      {
        type: 'autopilot_rollback_rate',
        title: 'Autopilot rollback rate (reversed steps, last 24 ticks)',
        unit: 'percentunit',
      },
      { type: 'drift_detections', title: 'Drift detections (cumulative)' },
      { type: 'novelty_temporal_kld', title: 'Novelty: temporal KLD' },
    ],
  },
];

/** One view of a metrics store as a dashboard model. Time is shown as hours since the store's first record. */
export function metricsDashboard(
  file: MetricsFile,
  view: MetricsView,
  options: { subtitle?: string; now?: Date } = {},
): DashboardModel {
  const rules = file.alertStates();
  const firings = file.query({ types: ['alert_fired'] });
  const start = file.query({ limit: 1 }).length ? Math.min(...file.types().map((t) => t.first)) : 0;
  const panels: DashboardPanel[] = [];
  for (const p of view.panels) {
    const rows = file.query({ types: [p.type] });
    if (rows.length === 0) continue;
    const points = rows.map((r) => ({ t: r.ts - start, value: r.value }));
    panels.push({
      id: p.type,
      title: p.title,
      ...(p.unit ? { unit: p.unit } : {}),
      sql: `SELECT ts / 1000 AS time, value FROM metrics WHERE type = ${sqlText(p.type)} AND ts >= $__from AND ts < $__to ORDER BY ts`,
      points,
      thresholds: rules
        .filter((r) => r.metric === p.type && typeof r.threshold === 'number')
        .map((r) => ({ value: r.threshold!, label: `${r.rule} (${r.op} ${r.threshold})` })),
      changePoints: levelShifts(
        points.map((x) => x.value),
        { minSize: 24 },
      ).map((s) => ({
        t: points[s.index]!.t,
        label: `${s.relativeChange >= 0 ? '+' : ''}${(s.relativeChange * 100).toFixed(0)}%`,
      })),
    });
  }
  const events: DashboardEvent[] = firings.map((f) => ({
    t: f.ts - start,
    label: `${String(f.context?.name ?? 'alert')}: ${String(f.context?.description ?? '')}`,
    severity: f.context?.severity === 'critical' ? 'critical' : 'warning',
  }));
  return {
    title: view.title,
    subtitle: options.subtitle ?? file.file,
    generatedAt: (options.now ?? new Date()).toISOString(),
    panels,
    runs: [],
    events,
    annotations: [
      {
        name: 'alerts',
        color: '#cf222e',
        sql: "SELECT ts / 1000 AS time, json_extract(context, '$.name') AS text FROM metrics WHERE type = 'alert_fired' AND ts >= $__from AND ts < $__to",
      },
    ],
    timeAxis: 'elapsed',
  };
}
