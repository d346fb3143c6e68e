/**
 * Phase 3, compare: pair each measured benchmark with its base figures, and judge the pairs.
 * - pairUp: errors, new benchmarks, and stored figures that are not comparable here (fingerprint
 *   and calibration, comparability.ts) are set aside; the rest become pairs.
 * - judge: time-clock pairs form one Holm family (hierarchical bootstrap, compare.ts);
 *   instruction-clock pairs are compared directly (instruction-compare.ts).
 * Pure: measurements and figures in, pairs, judgements and checks out.
 */
import type { CheckResult } from '../../core/report.ts';
import { median } from '../../stats/index.ts';
import type { BenchBaseline } from '../baseline.ts';
import { fingerprintDifferences } from '../comparability.ts';
import {
  comparedCheck,
  describeReps,
  evaluate,
  memoryMetrics,
  type Evaluated,
  type EvaluateOptions,
} from '../evaluate.ts';
import type { Fingerprint } from '../fingerprint.ts';
import { decideInstructions, instructionsOf, type InstructionDecision } from '../instruction-compare.ts';
import type { MeasuredBench, Measurement } from '../measure.ts';
import { CALIBRATION_WORKLOADS, type RepetitionResult } from '../protocol.ts';

/** Stored figures, with the fingerprint of this machine they are checked against. */
export type StoredFigures = { kind: 'stored'; label: string; baseline: BenchBaseline; here: Fingerprint };

/**
 * What the head is compared with: stored figures, or a base measured in this run, with `stored` the
 * instruction counts of benchmarks it did not measure (counts that hold here, plan.ts countsFromStored).
 */
export type BaseFigures =
  StoredFigures | { kind: 'measured'; label: string; measurement: Measurement; stored?: StoredFigures };

/** The figures `id` is compared with: the measured base's, else the stored counts' (never stored times from another machine). */
function sourceOf(base: BaseFigures | undefined, id: string): BaseFigures | undefined {
  if (base?.kind !== 'measured' || !base.stored || base.measurement.benches.has(id)) return base;
  return base.stored.baseline.benchmarks[id]?.reps[0]?.clock === 'instructions' ? base.stored : base;
}

export interface Pair {
  m: MeasuredBench;
  base: RepetitionResult[];
  label: string;
  /** Measured interleaved in this run (resampled in pairs). */
  paired: boolean;
  threshold: number;
  tolerance: number;
}

export interface Paired {
  pairs: Pair[];
  /** Checks that need no comparison: load errors, benchmark errors, new benchmarks, clock changes. */
  checks: CheckResult[];
  /** Stored figures that cannot be compared here, and why. */
  incomparable: Array<{ m: MeasuredBench; base: RepetitionResult[]; differences: string[] }>;
}

export interface PairOptions {
  threshold: number;
  tolerance: number;
  /** Tolerance of instruction-clock benchmarks (their counts barely vary). */
  instructionTolerance: number;
  /** The check of a benchmark with nothing to compare with (the missing-baseline policy); `label` names the base it is not in. */
  missing: (m: MeasuredBench, label?: string) => CheckResult;
  /** Time benchmarks are divided by the same-process calibration workload (the suite's `normalize`). */
  normalized?: boolean;
}

const clockOf = (reps: readonly RepetitionResult[]) => reps[0]!.clock;

/** The fingerprint of the run measured here: this machine plus the median calibration vector per clock of the head's processes. */
export function withCalibration(here: Fingerprint, head: Measurement): Fingerprint {
  const byClock = new Map<RepetitionResult['clock'], RepetitionResult[]>();
  for (const m of head.benches.values())
    for (const r of m.reps) byClock.set(r.clock, [...(byClock.get(r.clock) ?? []), r]);
  if (byClock.size === 0) return here;
  const calibration: NonNullable<Fingerprint['calibration']> = {};
  for (const [clock, reps] of byClock) calibration[clock] = calibrationOf(reps);
  return { ...here, calibration };
}

/** The median calibration figures of some repetitions (sort workload, and the vector where they measured it). */
export function calibrationOf(reps: readonly RepetitionResult[]): NonNullable<Fingerprint['calibration']>['cpu'] & {
  sort: number;
} {
  const vs = reps.map((r) => r.calibration).filter((v): v is NonNullable<typeof v> => v !== undefined);
  const part = (p: (typeof CALIBRATION_WORKLOADS)[number]) => (vs.length ? { [p]: median(vs.map((v) => v[p])) } : {});
  return {
    sort: median(reps.map((r) => r.cal)),
    ...part('int'),
    ...part('float'),
    ...part('alloc'),
    ...part('memory'),
  };
}

/**
 * Instruction counts of the calibration workloads depend on the heap a file's set-up leaves (the
 * sort workload's count differed 2.77% between two files' processes of one run): the cross-check
 * compares each benchmark's own processes with the stored processes of the same benchmark.
 */
function perBenchmark(f: Fingerprint, reps: readonly RepetitionResult[]): Fingerprint {
  return { ...f, calibration: { ...f.calibration, instructions: calibrationOf(reps) } };
}

/** Pair every measured benchmark with its base figures. */
export function pairUp(head: Measurement, against: BaseFigures | undefined, o: PairOptions): Paired {
  const out: Paired = { pairs: [], checks: [], incomparable: [] };
  for (const [file, msg] of head.fileErrors)
    out.checks.push({ name: file, verdict: 'error', reasons: [`bench file did not load: ${msg}`], location: { file } });
  const storedFigures = against?.kind === 'stored' ? against : against?.stored;
  const here = storedFigures ? withCalibration(storedFigures.here, head) : undefined;
  for (const m of head.benches.values()) {
    const location = { file: m.file };
    if (m.errors.length > 0) {
      out.checks.push({
        name: m.id,
        verdict: 'error',
        reasons: [...new Set(m.errors)],
        location,
        metrics: m.reps.length ? describeReps(m.reps) : undefined,
      });
      continue;
    }
    const base = sourceOf(against, m.id);
    const baseReps =
      base?.kind === 'stored' ? base.baseline.benchmarks[m.id]?.reps : base?.measurement.benches.get(m.id)?.reps;
    if (!base || !baseReps?.length) {
      out.checks.push({
        ...o.missing(m, base?.label),
        metrics: { ...describeReps(m.reps), ...memoryMetrics(m) },
        location,
      });
      continue;
    }
    if (clockOf(baseReps) !== clockOf(m.reps)) {
      out.checks.push({
        name: m.id,
        verdict: 'warn',
        reasons: [
          `measured on the ${clockOf(m.reps)} clock, ${base.label} on the ${clockOf(baseReps)} clock: not compared (re-save the baseline)`,
        ],
        metrics: describeReps(m.reps),
        location,
        change: 'new',
      });
      continue;
    }
    const methodOf = (reps: readonly RepetitionResult[]) => reps[0]!.method ?? 'hooks';
    if (clockOf(m.reps) === 'instructions' && methodOf(m.reps) !== methodOf(baseReps)) {
      // Around the loop (hooks) and n/2n count GC work differently: their figures are not compared.
      const how = (x: string) =>
        x === 'n-2n' ? 'as n/2n whole-process differences' : 'around the loop (valgrind hooks)';
      out.checks.push({
        name: m.id,
        verdict: 'warn',
        reasons: [
          `counted ${how(methodOf(m.reps))}, ${base.label} ${how(methodOf(baseReps))}: not compared (re-save the baseline, or compare with --against)`,
        ],
        metrics: describeReps(m.reps),
        location,
        change: 'new',
      });
      continue;
    }
    const threshold = m.options.threshold ?? o.threshold;
    const tolerance =
      m.options.tolerance ?? (clockOf(m.reps) === 'instructions' ? o.instructionTolerance : o.tolerance);
    if (base.kind === 'stored') {
      const stored = base.baseline.provenance.fingerprint;
      const counted = clockOf(m.reps) === 'instructions' && stored.calibration?.instructions !== undefined;
      const differences = fingerprintDifferences(
        counted ? perBenchmark(stored, baseReps) : stored,
        counted ? perBenchmark(here!, m.reps) : here!,
        clockOf(m.reps),
        { normalized: o.normalized ?? false },
      );
      if (differences.length) {
        out.incomparable.push({ m, base: baseReps, differences });
        continue;
      }
    }
    out.pairs.push({ m, base: baseReps, label: base.label, paired: base.kind === 'measured', threshold, tolerance });
  }
  return out;
}

export type Judgement = Pair &
  ({ clock: 'time'; evaluated: Evaluated } | { clock: 'instructions'; decision: InstructionDecision });

/** The change a judgement found and its ratio. */
export const outcome = (j: Judgement) =>
  j.clock === 'time'
    ? { change: j.evaluated.decision.change, ratio: j.evaluated.estimate.ratio }
    : { change: j.decision.change, ratio: j.decision.ratio };

/** Judge all pairs: time clocks as one Holm family, instruction counts directly. */
export function judge(
  pairs: readonly Pair[],
  o: Omit<EvaluateOptions, 'paired' | 'threshold' | 'tolerance'>,
): Judgement[] {
  const timed = pairs.filter((p) => clockOf(p.m.reps) !== 'instructions');
  const evaluated = evaluate(
    timed.map((p) => ({
      id: p.m.id,
      base: p.base,
      head: p.m.reps,
      threshold: p.threshold,
      tolerance: p.tolerance,
      paired: p.paired,
    })),
    { ...o, paired: false, threshold: 0, tolerance: 0 },
  );
  const byId = new Map(evaluated.map((e) => [e.id, e]));
  return pairs.map((p): Judgement =>
    clockOf(p.m.reps) === 'instructions'
      ? { ...p, clock: 'instructions', decision: decideInstructions(p.m.id, p.base, p.m.reps, p.tolerance) }
      : { ...p, clock: 'time', evaluated: byId.get(p.m.id)! },
  );
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const count = (x: number) =>
  x >= 1e6 ? `${(x / 1e6).toPrecision(4)} M` : x >= 1e3 ? `${(x / 1e3).toPrecision(4)} k` : x.toPrecision(4);

/** Estimated cycles per operation (`cacheSim`), head and base, where the counted processes simulated the caches. */
export function cyclesMetrics(
  head: readonly RepetitionResult[],
  base: readonly RepetitionResult[],
): Record<string, number> {
  const cycles = (reps: readonly RepetitionResult[]) => {
    const c = reps.map((r) => r.cycles).filter((x): x is number => x !== undefined);
    return c.length ? median(c) : undefined;
  };
  const [h, b] = [cycles(head), cycles(base)];
  return {
    ...(h !== undefined ? { cycles_per_op: h } : {}),
    ...(b !== undefined ? { base_cycles_per_op: b } : {}),
    ...(h !== undefined && b !== undefined ? { cycles_ratio: h / b } : {}),
  };
}

/** The check of one judged benchmark. */
export function judgementCheck(j: Judgement): CheckResult {
  if (j.clock === 'time') return comparedCheck(j.m, j.base, j.evaluated, j.threshold, j.label);
  const d = j.decision;
  const line = `${pct(d.ratio - 1)} instructions per operation vs ${j.label} (${count(d.headInstructions)} vs ${count(d.baseInstructions)}; accepted up to ${pct(d.margin)}, repetitions differ by up to ${pct(d.spread)})`;
  const reasons =
    d.change === 'regressed' ? [`more work: ${line}`] : d.change === 'improved' ? [`less work: ${line}`] : [];
  if (d.spread > j.tolerance)
    reasons.push(
      `instruction counts differ by ${pct(d.spread)} between repetitions, more than the ${pct(j.tolerance)} tolerance: the margin was widened`,
    );
  return {
    name: j.m.id,
    verdict: d.change === 'regressed' ? 'fail' : 'pass',
    reasons,
    metrics: {
      ...describeReps(j.m.reps),
      instructions_per_op: d.headInstructions,
      base_instructions_per_op: d.baseInstructions,
      ratio: d.ratio,
      spread_pct: d.spread * 100,
      ...cyclesMetrics(j.m.reps, j.base),
      ...memoryMetrics(j.m),
    },
    location: { file: j.m.file },
    change: d.change,
    details: { summary: line },
  };
}

/** A benchmark whose stored figures are from another machine: a warning showing both figures, never a failure. */
export function notComparableCheck(x: Paired['incomparable'][number], label: string): CheckResult {
  const instructions = clockOf(x.m.reps) === 'instructions';
  const fig = (reps: readonly RepetitionResult[]) =>
    instructions
      ? `${count(median(reps.map(instructionsOf)))} instructions/op`
      : `median ${describeReps(reps).median_ms!.toPrecision(3)} ms`;
  return {
    name: x.m.id,
    verdict: 'warn',
    reasons: [
      `not comparable: baseline from another machine: here ${fig(x.m.reps)}, ${label} ${fig(x.base)} (the suite's notes say what differs)`,
    ],
    metrics: { ...describeReps(x.m.reps), base_median_ms: describeReps(x.base).median_ms!, ...memoryMetrics(x.m) },
    location: { file: x.m.file },
    change: 'unchanged',
    details: { comparable: false, differences: x.differences },
  };
}
