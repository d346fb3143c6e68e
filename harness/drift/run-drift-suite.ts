import { relative } from 'node:path';
import { InputError } from '../core/errors.ts';
import { suiteVerdict, type Artifact, type CheckResult, type SuiteReport } from '../core/report.ts';
import type { SuiteContext } from '../core/suite-kind.ts';
import { renderDriftChart } from './chart-svg.ts';
import type { DriftEntry } from './entry-schema.ts';
import { loadScenarios, type LoadedScenario } from './load-scenarios.ts';
import { simulateScenario, type SimulationResult } from './simulate.ts';
import type { InvariantReport } from './invariants.ts';
import { unitsForShard } from '../core/shard-plan.ts';

/**
 * What the checks need of one scenario x seed run: the scores, thresholds and invariant report,
 * not the traces (a shard ships these to `gauntlet report merge`, so they stay small).
 */
export type PairRun = Pick<SimulationResult, 'seed' | 'scores' | 'defaultSet' | 'defaultSetIds' | 'wallMs'> & {
  detectors: ReadonlyArray<{ id: string; threshold: number }>;
  system?: Pick<NonNullable<SimulationResult['system']>, 'bounds' | 'alertRules'> & {
    invariants: InvariantReport & { violationTotal?: number };
  };
};

/** A scenario as its checks describe it (file relative to the project). */
export interface ScenarioInfo {
  name: string;
  description?: string;
  expect: LoadedScenario['scenario']['expect'];
  file: string;
}

const HOUR = 3_600_000;
const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

/** One row of the per-scenario detector table (over all seeds). */
export interface DetectorRow {
  detector: string;
  inDefaultSet: boolean;
  falseAlarms: number;
  falseAlarmsPerDay: number;
  mtbfaHours?: number;
  episodes: number;
  detected: number;
  missed: number;
  meanDelayHours?: number;
  maxDelayHours?: number;
}

/** Aggregate the scores of every seed into one row per detector, plus the default set. */
export function detectorTable(runs: readonly PairRun[]): DetectorRow[] {
  const names = [...runs[0]!.scores.map((s) => s.detector), 'default set'];
  return names.map((detector) => {
    const scores = runs.map((r) =>
      detector === 'default set' ? r.defaultSet : r.scores.find((s) => s.detector === detector)!,
    );
    const delays = scores.flatMap((s) =>
      s.episodes.filter((e) => e.delayMs !== undefined).map((e) => e.delayMs! / HOUR),
    );
    const fa = scores.reduce((a, s) => a + s.falseAlarms, 0);
    const quiet = scores.reduce((a, s) => a + s.quietHours, 0);
    const episodes = scores.reduce((a, s) => a + s.episodes.length, 0);
    const missed = scores.reduce((a, s) => a + s.missed, 0);
    return {
      detector,
      inDefaultSet: detector === 'default set' || runs[0]!.defaultSetIds.includes(detector as never),
      falseAlarms: fa,
      falseAlarmsPerDay: quiet > 0 ? round(fa / (quiet / 24), 4) : 0,
      ...(fa > 0 ? { mtbfaHours: round(quiet / fa, 1) } : {}),
      episodes,
      detected: episodes - missed,
      missed,
      ...(delays.length
        ? {
            meanDelayHours: round(delays.reduce((a, b) => a + b, 0) / delays.length, 2),
            maxDelayHours: round(Math.max(...delays), 2),
          }
        : {}),
    };
  });
}

/** The detector table of one scenario as plain text (the report's `drift-detectors.txt`). */
export function renderDetectorTable(scenario: string, rows: readonly DetectorRow[], seeds: number): string {
  const head = ['detector', 'false alarms', 'per day', 'MTBFA h', 'detected', 'mean delay h', 'max delay h'];
  const body = rows.map((r) => [
    r.detector + (r.inDefaultSet && r.detector !== 'default set' ? ' *' : ''),
    String(r.falseAlarms),
    r.falseAlarmsPerDay.toFixed(3),
    r.mtbfaHours === undefined ? '-' : r.mtbfaHours.toFixed(0),
    r.episodes ? `${r.detected}/${r.episodes}` : '-',
    r.meanDelayHours === undefined ? '-' : r.meanDelayHours.toFixed(1),
    r.maxDelayHours === undefined ? '-' : r.maxDelayHours.toFixed(1),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [`${scenario} (${seeds} seed(s); * = default set)`, line(head), ...body.map(line), ''].join('\n');
}

function metricsOf(rows: readonly DetectorRow[]): Record<string, number> {
  const m: Record<string, number> = {};
  for (const r of rows) {
    const key = r.detector === 'default set' ? 'default_set' : r.detector;
    m[`${key}_false_alarms`] = r.falseAlarms;
    m[`${key}_false_alarms_per_day`] = r.falseAlarmsPerDay;
    if (r.episodes) m[`${key}_missed`] = r.missed;
    if (r.meanDelayHours !== undefined) m[`${key}_mean_delay_h`] = r.meanDelayHours;
    if (r.maxDelayHours !== undefined) m[`${key}_max_delay_h`] = r.maxDelayHours;
    if (r.mtbfaHours !== undefined) m[`${key}_mtbfa_h`] = r.mtbfaHours;
  }
  return m;
}

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
      ...metricsOf(rows),
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

/**
 * Run every scenario for `seeds` seeds (base seed, base+1, ...) and turn the runs into checks: per
 * scenario, detection against the ground truth (default set) and the invariants of the system's
 * trace; one SVG chart per scenario from the first seed. Returns the suite report; never prints.
 */
export async function runDriftSuite(o: DriftEntry, ctx: SuiteContext): Promise<SuiteReport> {
  const t0 = performance.now();
  const loaded = await loadScenarios(o.scenarios, ctx.rootDir, { allowOutside: ctx.allowOutsidePaths });
  for (const l of loaded) {
    // Calibration needs several windows inside the reference period.
    if (l.scenario.referenceDays * 24 < 3 * o.detectors.windowHours) {
      throw new InputError(
        `referenceDays (${l.scenario.referenceDays}) must hold at least 3 detector windows of ${o.detectors.windowHours} h`,
        { file: l.file, field: 'referenceDays' },
      );
    }
  }
  const base = ctx.seedOverride ?? o.seed ?? ctx.seed;
  const infos: ScenarioInfo[] = loaded.map((l) => ({
    name: l.scenario.name,
    description: l.scenario.description,
    expect: l.scenario.expect,
    file: relative(ctx.rootDir, l.file) || l.file,
  }));
  // The units a shard may split: every scenario x seed pair (balanced by the last run's times).
  const pairs = loaded.flatMap((l, si) =>
    Array.from({ length: o.seeds }, (_, i) => ({ si, i, key: `${l.scenario.name} seed ${base + i}` })),
  );
  const plan = unitsForShard(
    pairs.map((p) => p.key),
    ctx.shard,
    pairDurations(ctx.shard?.previous),
  );
  const runs: PairRun[][] = loaded.map(() => []);
  const charts: Record<string, string> = {};
  let done = 0;
  for (const k of plan.indices) {
    const { si, i, key } = pairs[k]!;
    if (ctx.signal.aborted) throw ctx.signal.reason;
    const l = loaded[si]!;
    const r = await simulateScenario({
      scenario: l.scenario,
      seed: base + i,
      detectors: o.detectors,
      system: o.system,
      tickMinutes: o.tickMinutes,
      signal: ctx.signal,
    });
    runs[si]!.push(r);
    if (o.charts && i === 0) charts[l.scenario.name] = renderDriftChart(r);
    ctx.progress({ done: ++done, total: plan.indices.length, label: key });
  }
  const report = driftReport({
    name: o.name,
    infos,
    runs,
    charts,
    hasSystem: Boolean(o.system),
    durationMs: Math.round(performance.now() - t0),
  });
  if (!ctx.shard) return report;
  const data: DriftShardData = {
    infos,
    seeds: o.seeds,
    hasSystem: Boolean(o.system),
    charts,
    runs: plan.indices.map((k) => ({
      scenario: pairs[k]!.si,
      run: compactRun(runs[pairs[k]!.si]!.find((r) => r.seed === base + pairs[k]!.i)!),
    })),
  };
  return {
    ...report,
    shardPart: {
      index: ctx.shard.index,
      total: ctx.shard.total,
      units: pairs.length,
      ran: plan.indices,
      balancedBy: plan.balancedBy,
      data,
    },
  };
}

interface DriftReportInput {
  name: string;
  infos: readonly ScenarioInfo[];
  /** Per scenario (same order as infos), its runs in seed order; a scenario without runs is left out. */
  runs: ReadonlyArray<readonly PairRun[]>;
  charts: Readonly<Record<string, string>>;
  hasSystem: boolean;
  durationMs: number;
}

/** The drift suite report from the runs: per scenario its checks, detector table and chart. One function for runs and merges. */
function driftReport(o: DriftReportInput): SuiteReport {
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

/** What a drift shard ships to the merge (report `shardPart.data`). */
interface DriftShardData {
  infos: ScenarioInfo[];
  seeds: number;
  hasSystem: boolean;
  charts: Record<string, string>;
  runs: Array<{ scenario: number; run: PairRun }>;
}

/** A run without its traces; thresholds survive JSON (Infinity is written as null). */
function compactRun(r: PairRun): PairRun {
  return {
    seed: r.seed,
    scores: r.scores,
    defaultSet: r.defaultSet,
    defaultSetIds: r.defaultSetIds,
    wallMs: r.wallMs,
    detectors: r.detectors.map((d) => ({ id: d.id, threshold: d.threshold })),
    ...(r.system
      ? {
          system: {
            bounds: r.system.bounds,
            alertRules: r.system.alertRules,
            invariants: {
              ...r.system.invariants,
              violations: r.system.invariants.violations.slice(0, 5),
              violationTotal: r.system.invariants.violationTotal ?? r.system.invariants.violations.length,
            },
          },
        }
      : {}),
  };
}

/** Join the shards' parts of one drift suite: every scenario's seeds back together, checks recomputed as one run computes them. */
export function mergeDriftShards(parts: SuiteReport[]): SuiteReport {
  const datas = parts.map((p) => p.shardPart?.data as DriftShardData);
  const first = datas[0]!;
  const runs: PairRun[][] = first.infos.map(() => []);
  const charts: Record<string, string> = {};
  for (const d of datas) {
    Object.assign(charts, d.charts);
    for (const { scenario, run } of d.runs) {
      runs[scenario]!.push({
        ...run,
        detectors: run.detectors.map((x) => ({ id: x.id, threshold: x.threshold ?? Infinity })),
      });
    }
  }
  for (const r of runs) r.sort((a, b) => a.seed - b.seed);
  return driftReport({
    name: parts[0]!.name,
    infos: first.infos,
    runs,
    charts,
    hasSystem: first.hasSystem,
    durationMs: parts.reduce((a, p) => a + p.durationMs, 0),
  });
}

/** Per scenario x seed durations (ms) from the last run's detection checks, to balance a split. */
function pairDurations(previous: SuiteReport | undefined): Map<string, number> | undefined {
  if (!previous) return undefined;
  const out = new Map<string, number>();
  for (const c of previous.checks) {
    const seeds = (c.details as { seeds?: number[] } | undefined)?.seeds;
    if (!c.name.endsWith(': detection') || !Array.isArray(seeds) || c.durationMs === undefined) continue;
    for (const seed of seeds)
      out.set(`${c.name.slice(0, -': detection'.length)} seed ${seed}`, c.durationMs / seeds.length);
  }
  return out;
}
