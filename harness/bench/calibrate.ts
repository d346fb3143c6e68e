/**
 * `gauntlet bench --calibrate N`: the gate run against itself (A/A) on this machine. One reference
 * measurement stands for a baseline saved here (in memory; nothing is written), then N runs of the
 * unchanged suite are judged against it exactly as the gate judges a stored baseline, confirmation
 * re-run included. Reported per clock: how often the gate failed unchanged code (its false-fail
 * rate), and per benchmark the smallest slowdown it can detect and the noise between runs.
 * `env` is set in the N compared runs only (not the reference): a calibration script injects a
 * slowdown through a benchmark's workload parameter to measure power the same way.
 */
import type { CheckResult } from '../core/report.ts';
import type { SuiteContext } from '../core/suite-kind.ts';
import { median, standardDeviation } from '../stats/index.ts';
import { BENCH_BASELINE_VERSION, type BenchBaseline } from './baseline.ts';
import { SAME_MACHINE_SHAPE_SPREAD } from './comparability.ts';
import { currentFingerprint, type FingerprintCalibration } from './fingerprint.ts';
import { counterHere } from './instructions/valgrind.ts';
import { measure, type Measurement } from './measure.ts';
import type { BenchEntry, BenchFlags } from './options.ts';
import type { Clock } from './protocol.ts';
import { judge, judgementCheck, outcome, pairUp, withCalibration, type BaseFigures } from './phases/compare.ts';
import { confirmRegressions } from './phases/confirm.ts';
import { namesOf } from './phases/measure-sides.ts';
import { gateSettings, measureOptions } from './phases/settings.ts';
import { describeShapeSpreads, shapeSpreads, type ShapeSpread } from './shape-spread.ts';
import { SKETCH_PROBABILITIES } from './sketch.ts';

export interface CalibrationRun {
  /** Benchmarks the first comparison flagged, and those the re-run confirmed (the run failed when any is confirmed). */
  flagged: string[];
  confirmed: string[];
  /** Per benchmark: ratio to the reference, minimum detectable slowdown (%), head and reference means. */
  figures: Record<string, { clock: Clock; ratio: number; mdePct?: number; mean: number; baseMean: number }>;
  seconds: number;
  /** The run's calibration figures per clock (median over its processes), as a stored baseline would record them. */
  calibration?: FingerprintCalibration;
}

export interface BenchCalibration {
  runs: CalibrationRun[];
  repetitions: number;
  /** The reference measurement (pass it to another calibration to judge other runs against the same one). */
  reference: Measurement;
  /** How far the calibration vector's shape moved over the reference and the runs (shape-spread.ts). */
  shape: ShapeSpread[];
}

export interface CalibrateInput {
  entry: BenchEntry;
  ctx: SuiteContext<BenchFlags>;
  files: string[];
  runs: number;
  env?: NodeJS.ProcessEnv;
  /** Judge against this reference instead of measuring one. */
  reference?: Measurement;
  /** Counted (instruction-clock) processes at once (default: one per core). */
  parallel?: number;
  onRun?: (run: CalibrationRun, index: number) => void;
}

function asBaseline(reference: Measurement, fingerprint: BenchBaseline['provenance']['fingerprint']): BenchBaseline {
  const benchmarks: BenchBaseline['benchmarks'] = {};
  for (const m of reference.benches.values()) if (m.reps.length) benchmarks[m.id] = { reps: m.reps };
  return {
    schemaVersion: BENCH_BASELINE_VERSION,
    provenance: { date: new Date().toISOString(), fingerprint },
    sketchProbabilities: [...SKETCH_PROBABILITIES],
    benchmarks,
  };
}

/** Measure a reference, then judge `runs` runs of the same suite against it. */
export async function calibrateBench(i: CalibrateInput): Promise<BenchCalibration> {
  const repetitions = i.ctx.flags.repetitions ?? i.entry.repetitions;
  const side = { root: i.ctx.rootDir, files: i.files };
  const base = { ...measureOptions(i.entry, i.ctx.flags, repetitions, i.ctx), parallel: i.parallel };
  const filter = i.ctx.flags.filter;
  const select = filter?.length ? (id: string) => filter.some((f) => id.includes(f)) : undefined;
  const here = currentFingerprint({ counter: await counterHere() });
  const reference = i.reference ?? (await measure(side, { ...base, select }));
  const stored: BaseFigures = {
    kind: 'stored',
    label: 'reference run',
    baseline: asBaseline(reference, withCalibration(here, reference)),
    here,
  };
  const { pairOptions, judgeOptions } = gateSettings(i.entry, i.ctx, { saving: false }, 'the reference run');
  const runs: CalibrationRun[] = [];
  for (let r = 0; r < i.runs && !i.ctx.signal.aborted; r++) {
    const t0 = performance.now();
    const o = { ...base, env: i.env };
    const head = await measure(side, { ...o, select });
    const judgements = judge(pairUp(head, stored, pairOptions).pairs, judgeOptions);
    // The re-run measures the head again against the reference (stored figures: the base cannot be re-measured).
    const remeasure = async (ids: ReadonlySet<string>, h: Measurement) => ({
      head: await measure(side, { ...o, ...namesOf(ids, h) }),
    });
    const confirmation = await confirmRegressions({
      judgements,
      head,
      remeasure,
      storedBase: stored,
      pairOptions,
      judgeOptions,
      enabled: i.entry.confirm,
      aborted: () => i.ctx.signal.aborted,
    });
    const flagged = judgements.filter((j) => outcome(j).change === 'regressed').map((j) => j.m.id);
    const run: CalibrationRun = {
      flagged,
      confirmed: flagged.filter((id) => {
        const c = confirmation.get(id);
        return c !== undefined && outcome(c).change === 'regressed';
      }),
      figures: Object.fromEntries(
        judgements.map((j) => {
          const c = judgementCheck(j);
          return [
            j.m.id,
            {
              clock: j.m.reps[0]!.clock,
              ratio: outcome(j).ratio,
              ...(c.metrics?.mde_pct !== undefined ? { mdePct: c.metrics.mde_pct } : {}),
              mean: c.metrics!.mean_ms!,
              baseMean: c.metrics!.base_mean_ms ?? meanOf(j.base),
            },
          ];
        }),
      ),
      seconds: (performance.now() - t0) / 1000,
      calibration: withCalibration(here, head).calibration,
    };
    if (!i.entry.confirm) run.confirmed = [...flagged];
    runs.push(run);
    i.onRun?.(run, r);
  }
  const shape = shapeSpreads([withCalibration(here, reference).calibration, ...runs.map((r) => r.calibration)]);
  return { runs, repetitions, reference, shape };
}

const meanOf = (reps: ReadonlyArray<{ n: number; mean: number }>) =>
  reps.reduce((s, r) => s + r.n * r.mean, 0) /
  Math.max(
    1,
    reps.reduce((s, r) => s + r.n, 0),
  );

export interface BenchmarkCalibration {
  id: string;
  clock: Clock;
  /** Median minimum detectable slowdown over the runs (%); instruction clock: the margin it fails above. */
  mdePct: number;
  /** Standard deviation of log(ratio to the reference) over the runs (%): the between-run noise. */
  noisePct: number;
  /** Largest |ratio - 1| over the runs (%): for the instruction clock, its repeatability. */
  maxDiffPct: number;
  flaggedRuns: number;
}

/** Per benchmark figures over the runs. */
export function summarizeCalibration(c: BenchCalibration): BenchmarkCalibration[] {
  const ids = [...new Set(c.runs.flatMap((r) => Object.keys(r.figures)))].sort();
  return ids.map((id) => {
    const f = c.runs.map((r) => r.figures[id]).filter((x): x is NonNullable<typeof x> => x !== undefined);
    const logs = f.map((x) => Math.log(x.ratio));
    const mdes = f.map((x) => x.mdePct).filter((x): x is number => x !== undefined);
    return {
      id,
      clock: f[0]!.clock,
      mdePct: mdes.length ? median(mdes) : NaN,
      noisePct: logs.length > 1 ? standardDeviation(logs) * 100 : 0,
      maxDiffPct: Math.max(...f.map((x) => Math.abs(x.ratio - 1))) * 100,
      flaggedRuns: c.runs.filter((r) => r.flagged.includes(id)).length,
    };
  });
}

/** Per clock: runs in which the gate failed unchanged code because of a benchmark on that clock. */
export function falseFailsByClock(c: BenchCalibration): Array<{ clock: Clock; failedRuns: number; runs: number }> {
  const clocks = [...new Set(c.runs.flatMap((r) => Object.values(r.figures).map((f) => f.clock)))].sort();
  return clocks.map((clock) => ({
    clock,
    runs: c.runs.length,
    failedRuns: c.runs.filter((r) => r.confirmed.some((id) => r.figures[id]?.clock === clock)).length,
  }));
}

/** The calibration as checks (one per benchmark) and notes, for the suite report. */
export function calibrationChecks(c: BenchCalibration): { checks: CheckResult[]; notes: string[]; summary: string } {
  const failed = c.runs.filter((r) => r.confirmed.length > 0).length;
  const checks = summarizeCalibration(c).map((b): CheckResult => ({
    name: b.id,
    verdict: b.flaggedRuns > 0 ? 'warn' : 'pass',
    reasons: [
      `${b.clock} clock: smallest detectable slowdown ${Number.isFinite(b.mdePct) ? `${b.mdePct.toFixed(1)}%` : 'n/a'}, between-run noise ${b.noisePct.toFixed(2)}%, largest difference ${b.maxDiffPct.toFixed(2)}%${b.flaggedRuns ? `; flagged in ${b.flaggedRuns} of ${c.runs.length} A/A runs` : ''}`,
    ],
    metrics: {
      ...(Number.isFinite(b.mdePct) ? { mde_pct: b.mdePct } : {}),
      noise_pct: b.noisePct,
      max_diff_pct: b.maxDiffPct,
      flagged_runs: b.flaggedRuns,
    },
  }));
  const notes = [
    ...falseFailsByClock(c).map(
      (x) => `${x.clock} clock: the gate failed unchanged code in ${x.failedRuns} of ${x.runs} A/A runs`,
    ),
    ...describeShapeSpreads(c.shape, SAME_MACHINE_SHAPE_SPREAD),
    ...checks.map((x) => `${x.name}: ${x.reasons[0]}`),
  ];
  return {
    checks,
    notes,
    summary: `A/A calibration: ${failed} of ${c.runs.length} runs failed unchanged code (${c.repetitions} repetitions each)`,
  };
}
