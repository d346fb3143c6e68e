/**
 * Phase 6, report: the suite report from the checks, notes and trend (one sparkline per benchmark
 * of its calibrated median over the recorded history). Formats nothing the checks did not decide.
 */
import { availableParallelism } from 'node:os';
import type { CheckResult, SuiteReport } from '../../core/report.ts';
import { suiteVerdict } from '../../core/report.ts';
import type { HistoryEntry } from '../history.ts';
import { sparklineSvg } from '../sparkline.ts';
import { detectableText } from '../evaluate.ts';
import { median } from '../../stats/index.ts';
import type { BenchEntry } from '../options.ts';
import type { ComparedWithBase } from './compare-with-base.ts';
import { countedNoteLines, type CountedNotes } from './counted-notes.ts';
import type { Persisted } from './persist.ts';
import type { PhaseTimes } from './phase-times.ts';
import type { BenchPlan } from './plan.ts';
import { withFileDurations } from './shard.ts';

export interface ReportInput {
  name: string;
  dir: string;
  /** -t: the texts a benchmark id had to contain (for the message when none did). */
  filter?: string[];
  checks: CheckResult[];
  notes: string[];
  /** Notes that count benchmarks, written after `notes` (absent in shard reports of earlier versions). */
  counted?: CountedNotes;
  trend: HistoryEntry[];
  baseLabel?: string;
  repetitions: number;
  threshold: number;
  /**
   * The calibration workload's median over the run's processes: a number is ms (the time clocks); per clock,
   * ms on the time clocks and instructions on the instruction clock (a count, never shown as ms).
   */
  calibration?: number | CalibrationFigures;
  durationMs: number;
  /** Where the time went (phases/phase-times.ts): phase_<step>_ms per step. */
  stepMetrics?: Record<string, number>;
}

/** What the report phase takes from a run besides its checks and figures (a shard ships it; the merge adds the rest). */
export type ReportSummary = Omit<ReportInput, 'checks' | 'durationMs' | 'calibration' | 'trend'>;

/** The summary of one run: the suite, the plan's notes then the persist phase's, the counted notes and the base's label. */
export function reportSummary(
  entry: Pick<BenchEntry, 'name' | 'dir' | 'threshold'>,
  plan: Pick<BenchPlan, 'filter' | 'notes' | 'repetitions'>,
  persistNotes: string[],
  compared: Pick<ComparedWithBase, 'counted' | 'baseLabel'>,
): ReportSummary {
  return {
    name: entry.name,
    dir: entry.dir,
    ...(plan.filter?.length ? { filter: plan.filter } : {}),
    notes: [...plan.notes, ...persistNotes],
    counted: compared.counted,
    baseLabel: compared.baseLabel,
    repetitions: plan.repetitions,
    threshold: entry.threshold,
  };
}

/** The report of one run: its summary, the step times (a note after the summary's, and metrics), each check with its file's share of the time. */
export function runReport(
  summary: ReportSummary,
  run: {
    checks: CheckResult[];
    fileMs: ReadonlyMap<string, number>;
    times: PhaseTimes;
    persisted: Pick<Persisted, 'trend' | 'calibration'>;
    /** performance.now() when the run started. */
    startedAt: number;
  },
): SuiteReport {
  const timeNote = run.times.note();
  return benchReport({
    ...summary,
    notes: [...summary.notes, ...(timeNote ? [timeNote] : [])],
    stepMetrics: run.times.metrics(),
    checks: withFileDurations(run.checks, run.fileMs),
    trend: run.persisted.trend,
    calibration: run.persisted.calibration,
    durationMs: performance.now() - run.startedAt,
  });
}

/** The calibration workload's median per kind of clock: ms (cpu, wall) and instructions per operation. */
export interface CalibrationFigures {
  ms?: number;
  instructions?: number;
}

/** The calibration figures of a run's repetitions, each clock's in its own unit (a median over both would mix them). */
export function calibrationFigures(reps: ReadonlyArray<{ cal: number; clock: string }>): CalibrationFigures {
  const of = (counted: boolean) => reps.filter((r) => (r.clock === 'instructions') === counted).map((r) => r.cal);
  const [ms, instructions] = [of(false), of(true)];
  return {
    ...(ms.length ? { ms: median(ms) } : {}),
    ...(instructions.length ? { instructions: median(instructions) } : {}),
  };
}

/** `calibration_ms` and `calibration_instructions` suite metrics: the column names say the unit. */
function calibrationMetrics(c: ReportInput['calibration']): Record<string, number> {
  const { ms, instructions } = typeof c === 'number' ? { ms: c, instructions: undefined } : (c ?? {});
  return { ...(ms ? { calibration_ms: ms } : {}), ...(instructions ? { calibration_instructions: instructions } : {}) };
}

export function benchReport(i: ReportInput): SuiteReport {
  // Each benchmark's calibrated median rides on its check, so the history store keeps the trend (bench:<suite> / id / normalized).
  const latest = i.trend.at(-1)?.benchmarks ?? {};
  const checks = i.checks
    .map((c) => {
      const normalized = latest[c.name]?.normalized;
      return normalized === undefined ? c : { ...c, metrics: { ...c.metrics, normalized } };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  const notes = [...i.notes, ...(i.counted ? countedNoteLines(i.counted) : [])];
  notes.push(...noisyNotes(checks, i.threshold));
  const count = (v: string) => checks.filter((c) => c.verdict === v).length;
  const regressed = checks.filter((c) => c.change === 'regressed' && c.verdict === 'fail').length;
  const summary = [
    `${checks.length} benchmark(s)`,
    i.baseLabel ? `vs ${i.baseLabel}` : 'no baseline',
    regressed ? `${regressed} confirmed regression(s)` : '',
    count('error') ? `${count('error')} error(s)` : '',
    count('warn') ? `${count('warn')} warning(s)` : '',
    `${i.repetitions} repetitions`,
  ]
    .filter(Boolean)
    .join(', ');
  const ids = [...new Set(checks.filter((c) => c.metrics?.median_ms !== undefined).map((c) => c.name))].sort();
  const artifacts = ids.map((id) => {
    const values = i.trend.map((h) => h.benchmarks[id]?.normalized ?? NaN);
    return {
      name: `trend: ${id}`,
      type: 'svg' as const,
      content: sparklineSvg(values, { title: `${id}: median / calibration, last ${values.length} runs` }),
    };
  });
  return {
    kind: 'bench',
    name: i.name,
    verdict: checks.length ? suiteVerdict(checks) : 'warn',
    durationMs: i.durationMs,
    summary: checks.length
      ? summary
      : i.filter?.length
        ? `no benchmark id contains ${i.filter.map((f) => `'${f}'`).join(' or ')} (-t) in ${i.dir}`
        : `no bench files under ${i.dir}`,
    checks,
    metrics: {
      repetitions: i.repetitions,
      ...calibrationMetrics(i.calibration),
      cpus: availableParallelism(),
      ...i.stepMetrics,
    },
    artifacts,
    notes,
  };
}

/**
 * One note per allowance: the benchmarks whose detectable slowdown exceeds their own threshold (a
 * compared check carries it as `threshold_pct`; the suite's `threshold` otherwise).
 */
function noisyNotes(checks: CheckResult[], suiteThreshold: number): string[] {
  const byThreshold = new Map<number, CheckResult[]>();
  for (const c of checks) {
    const thresholdPct = c.metrics?.threshold_pct ?? suiteThreshold * 100;
    if ((c.metrics?.mde_pct ?? 0) <= thresholdPct) continue;
    byThreshold.set(thresholdPct, [...(byThreshold.get(thresholdPct) ?? []), c]);
  }
  return [...byThreshold]
    .sort(([a], [b]) => a - b)
    .map(
      ([thresholdPct, noisy]) =>
        `${noisy.length} benchmark(s) too noisy to catch a ${+thresholdPct.toPrecision(6)}% slowdown here: ${noisy.map((c) => `${c.name} (${detectableText((c.metrics?.mde_pct ?? Infinity) / 100)})`).join(', ')}`,
    );
}
