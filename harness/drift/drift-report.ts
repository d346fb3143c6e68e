/** The drift suite's report from its runs: per scenario a detection check, an invariant check, the detector table and a chart. */
import { suiteVerdict, type Artifact, type CheckResult, type SuiteReport } from '../core/report.ts';
import { detectorMetrics, detectorTable, HOUR, renderDetectorTable, round } from './detector-table.ts';
import type { PairRun, ScenarioInfo } from './pair-run.ts';

function detectionCheck(scenario: ScenarioInfo, runs: readonly PairRun[]): CheckResult {
  const rows = detectorTable(runs);
  const set = rows[rows.length - 1]!;
  const reasons: string[] = [];
  for (const r of runs) {
    if (r.defaultSet.falseAlarms > scenario.expect.maxFalseAlarms) {
      reasons.push(
        `seed ${r.seed}: ${r.defaultSet.falseAlarms} false alarm(s) from the default set (allowed ${scenario.expect.maxFalseAlarms})`,
      );
    }
    for (const e of r.defaultSet.episodes) {
      if (e.detected) continue;
      const at = `drift at day ${round(e.startMs / 86_400_000, 2)}`;
      reasons.push(
        e.delayMs === undefined
          ? `seed ${r.seed}: ${at} never detected`
          : `seed ${r.seed}: ${at} detected after ${round(e.delayMs / HOUR, 1)} h (limit ${scenario.expect.detectWithinHours} h)`,
      );
    }
  }
  return {
    name: `${scenario.name}: detection`,
    verdict: reasons.length ? 'fail' : 'pass',
    reasons,
    durationMs: Math.round(runs.reduce((a, r) => a + r.wallMs, 0)),
    metrics: {
      ...detectorMetrics(rows),
      seeds: runs.length,
      episodes: set.episodes,
      wall_ms_max: Math.round(Math.max(...runs.map((r) => r.wallMs))),
    },
    location: { file: scenario.file },
    details: {
      description: scenario.description,
      seeds: runs.map((r) => r.seed),
      thresholds: runs.map((r) => ({
        seed: r.seed,
        ...Object.fromEntries(
          r.detectors.map((d) => [d.id, Number.isFinite(d.threshold) ? round(d.threshold, 4) : null]),
        ),
      })),
      detectors: rows,
      defaultSet: runs[0]!.defaultSetIds,
    },
  };
}

function invariantCheck(scenario: ScenarioInfo, runs: readonly PairRun[]): CheckResult | undefined {
  const withSystem = runs.filter((r) => r.system);
  if (withSystem.length === 0) return undefined;
  const reasons: string[] = [];
  const counts: Record<string, number> = {};
  let ticks = 0;
  const expected: Record<string, number> = {};
  for (const r of withSystem) {
    const inv = r.system!.invariants;
    ticks += inv.ticks;
    for (const [k, v] of Object.entries(inv.counts)) counts[k] = (counts[k] ?? 0) + v;
    for (const [k, v] of Object.entries(inv.expectedAlerts)) expected[k] = (expected[k] ?? 0) + v;
    for (const v of inv.violations.slice(0, 5))
      reasons.push(`seed ${r.seed}, day ${round(v.atMs / 86_400_000, 3)}: ${v.kind}: ${v.message}`);
    const n = inv.violationTotal ?? inv.violations.length;
    if (n > 5) reasons.push(`seed ${r.seed}: ... ${n - 5} more violation(s)`);
  }
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return {
    name: `${scenario.name}: invariants`,
    verdict: total ? 'fail' : 'pass',
    reasons,
    metrics: {
      violations: total,
      ...Object.fromEntries(Object.entries(counts).map(([k, v]) => [`violations_${k.replace(/-/g, '_')}`, v])),
      ticks_checked: ticks,
      ...Object.fromEntries(Object.entries(expected).map(([k, v]) => [`alerts_${k}`, v])),
    },
    details: { bounds: withSystem[0]!.system!.bounds, alertRules: withSystem[0]!.system!.alertRules },
  };
}

export interface DriftReportInput {
  name: string;
  infos: readonly ScenarioInfo[];
  /** Per scenario (same order as infos), its runs in seed order; a scenario without runs is left out. */
  runs: ReadonlyArray<readonly PairRun[]>;
  charts: Readonly<Record<string, string>>;
  hasSystem: boolean;
  durationMs: number;
}

/** The drift suite report from the runs: per scenario its checks, detector table and chart. One function for runs and merges. */
export function driftReport(o: DriftReportInput): SuiteReport {
  const tables: string[] = [];
  const checks: CheckResult[] = [];
  const artifacts: Artifact[] = [];
  let scenarios = 0;
  let seeds = 0;
  o.infos.forEach((info, si) => {
    const runs = o.runs[si]!;
    if (runs.length === 0) return;
    scenarios++;
    seeds = Math.max(seeds, runs.length);
    checks.push(detectionCheck(info, runs));
    const inv = invariantCheck(info, runs);
    if (inv) checks.push(inv);
    tables.push(renderDetectorTable(info.name, detectorTable(runs), runs.length));
    const chart = o.charts[info.name];
    if (chart) artifacts.push({ name: `drift-${info.name}.svg`, type: 'svg', content: chart });
  });
  artifacts.unshift({ name: 'drift-detectors.txt', type: 'text', content: tables.join('\n') });
  const failed = checks.filter((c) => c.verdict !== 'pass').length;
  const notes = o.hasSystem ? [] : ['no system configured: detectors only, no invariants checked'];
  return {
    kind: 'drift',
    name: o.name,
    verdict: suiteVerdict(checks),
    durationMs: o.durationMs,
    summary: `${scenarios} scenario(s) x ${seeds} seed(s): ${checks.length - failed}/${checks.length} checks pass`,
    checks,
    metrics: {
      scenarios,
      seeds,
      false_alarms: checks.reduce((a, c) => a + (c.metrics?.default_set_false_alarms ?? 0), 0),
      missed_detections: checks.reduce((a, c) => a + (c.metrics?.default_set_missed ?? 0), 0),
      invariant_violations: checks.reduce((a, c) => a + (c.metrics?.violations ?? 0), 0),
    },
    artifacts,
    ...(notes.length ? { notes } : {}),
  };
}
