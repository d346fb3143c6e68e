/**
 * The history dashboard: one panel per stored series (a check's `limit`/`threshold` metrics become
 * threshold lines on its other panels), change points by PELT over each series, runs for drill-down.
 */
import type { HistoryStore } from '../history/history-store.ts';
import { levelShifts, type ShiftOptions } from '../stats/latest-shift.ts';
import type { DashboardModel, DashboardPanel } from './dashboard-model.ts';

const THRESHOLD_METRIC = /^(limit|threshold|max|min|budget)$|_(limit|threshold|budget)$/;

export interface HistoryDashboardOptions extends Pick<ShiftOptions, 'penaltyFactor' | 'minSize' | 'minSigma'> {
  metric?: readonly string[];
  sinceMs?: number;
  branch?: string;
  title?: string;
  now?: Date;
}

/** A SQL string literal. */
export const sqlText = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** Points per series searched for change points on the dashboard. */
export const CHANGE_POINT_SPAN = 500;

const pct = (x: number) => `${x > 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;

export function historyDashboard(store: HistoryStore, options: HistoryDashboardOptions = {}): DashboardModel {
  const all = store.series(options.metric ?? []);
  const filter = { sinceMs: options.sinceMs, branch: options.branch };
  const thresholdSeries = all.filter((s) => THRESHOLD_METRIC.test(s.metric));
  const panels: DashboardPanel[] = [];
  for (const s of all) {
    if (
      THRESHOLD_METRIC.test(s.metric) &&
      all.some(
        (o) =>
          o !== s &&
          o.kind === s.kind &&
          o.suite === s.suite &&
          o.check === s.check &&
          !THRESHOLD_METRIC.test(o.metric),
      )
    )
      continue;
    const points = store.points(s.id, filter);
    if (points.length === 0) continue;
    const thresholds = thresholdSeries
      .filter((t) => t !== s && t.kind === s.kind && t.suite === s.suite && t.check === s.check)
      .map((t) => ({ t, last: store.points(t.id, { ...filter, last: 1 })[0] }))
      .filter((x) => x.last !== undefined)
      .map(({ t, last }) => ({ value: last!.value, label: t.metric }));
    panels.push({
      id: `s${s.id}`,
      title: s.label,
      sql: `SELECT time, value FROM history_points WHERE kind = ${sqlText(s.kind)} AND suite = ${sqlText(s.suite)} AND check_name = ${sqlText(s.check)} AND metric = ${sqlText(s.metric)}${options.branch ? ` AND branch = ${sqlText(options.branch)}` : ''} AND time >= $__from / 1000 AND time < $__to / 1000 ORDER BY time`,
      points: points.map((p) => ({ t: Date.parse(p.date), value: p.value, run: p.runId })),
      thresholds,
      // Change points over the newest CHANGE_POINT_SPAN points: PELT is quadratic on a series without shifts (docs/calibration/history.md).
      changePoints: levelShifts(
        points.slice(-CHANGE_POINT_SPAN).map((p) => p.value),
        options,
      ).map((c) => {
        const at = points[Math.max(0, points.length - CHANGE_POINT_SPAN) + c.index]!;
        return {
          t: Date.parse(at.date),
          label: `${pct(c.relativeChange)}${at.commit ? ` at ${at.commit.slice(0, 7)}` : ''}`,
        };
      }),
    });
  }
  const runs = store.runs(filter).map((r) => ({
    id: r.runId,
    t: Date.parse(r.date),
    date: r.date,
    commit: r.commit,
    branch: r.branch,
    machine: r.machine.fingerprint,
    verdict: r.verdict,
  }));
  return {
    title: options.title ?? 'gauntlet history',
    subtitle: `${runs.length} run(s), ${panels.length} metric(s)${options.branch ? ` on ${options.branch}` : ''}`,
    generatedAt: (options.now ?? new Date()).toISOString(),
    panels,
    runs,
    events: [],
    annotations: [
      {
        name: 'change points',
        color: '#bf8700',
        sql: 'SELECT time, text FROM change_points WHERE time >= $__from / 1000 AND time < $__to / 1000',
      },
    ],
    timeAxis: 'date',
  };
}
