/** Scripted measurements for the phases' unit tests: no process runs. */
import { createRng } from '../../core/rng.ts';
import { BENCH_BASELINE_VERSION, type BenchBaseline } from '../baseline.ts';
import type { Fingerprint } from '../fingerprint.ts';
import type { MeasuredBench, Measurement } from '../measure.ts';
import type { Measured, SidesMeasurer } from '../phases/measure-sides.ts';
import { withCalibration, type PairOptions } from '../phases/compare.ts';
import type { Stage } from '../phases/phase-times.ts';
import type { Clock, RepetitionResult } from '../protocol.ts';
import { makeSketch, SKETCH_PROBABILITIES } from '../sketch.ts';

export const machine: Fingerprint = { cpu: 'x', node: 'v20', os: 'linux', arch: 'x64', counter: 'valgrind-3.19.0' };

/** A counted repetition: `instructions` per op, the sort calibration workload counted `cal` in the same process. */
export const counted = (instructions: number, cal = 8e6): RepetitionResult => ({
  n: 2,
  mean: instructions,
  q: makeSketch([instructions, instructions]),
  cal,
  calN: 2,
  clock: 'instructions',
  instructions,
  calibration: { int: 208_000, float: 213_000, alloc: 96_000, memory: 5_432 },
});

/** A timed repetition whose samples sit around `ms` (spread 5%), calibration 1. */
export const timed = (ms: number, clock: Clock = 'wall'): RepetitionResult => ({
  n: 50,
  mean: ms,
  q: makeSketch(Array.from({ length: 50 }, (_, i) => ms * (0.975 + (i % 10) * 0.005))),
  cal: 1,
  calN: 10,
  clock,
});

/** The gate's pairing settings the phases' tests use (tolerances 5% and 1%, threshold 20%). */
export const pairOptions: PairOptions = {
  threshold: 0.2,
  tolerance: 0.05,
  instructionTolerance: 0.01,
  normalized: true,
  missing: (m) => ({ name: m.id, verdict: 'warn', reasons: ['missing'] }),
};

/** The statistical test's settings the phases' tests use (alpha 0.01, seeded resampling). */
export const testSettings = () => ({
  alpha: 0.01,
  resamples: 2000,
  normalize: true,
  location: 0.1,
  random: createRng(7).float,
});

/** Six repetitions around `x`. */
export const six = (x: number) => [x, x * 1.02, x * 0.98, x * 1.01, x * 0.99, x * 1.03];

export const bench = (id: string, reps: RepetitionResult[]): MeasuredBench => ({
  id,
  file: `${id.split(' > ')[0]}.bench.ts`,
  name: id.split(' > ')[1]!,
  options: {},
  reps,
  errors: [],
});

export const measurement = (benches: MeasuredBench[]): Measurement => ({
  benches: new Map(benches.map((b) => [b.id, b])),
  fileErrors: new Map(),
  fileMs: new Map(),
});

/** A baseline storing these benchmarks' figures, saved on `machine` (its calibration from their processes). */
export function baselineOf(benches: MeasuredBench[]): BenchBaseline {
  const m = measurement(benches);
  const benchmarks: BenchBaseline['benchmarks'] = {};
  for (const b of benches) benchmarks[b.id] = { reps: b.reps };
  return {
    schemaVersion: BENCH_BASELINE_VERSION,
    provenance: { date: '2026-11-27T00:00:00Z', fingerprint: withCalibration(machine, m) },
    sketchProbabilities: [...SKETCH_PROBABILITIES],
    benchmarks,
  };
}

/** A measurer whose `again` answers from a script and records what it was asked for. */
export function scriptedSides(
  baseLabel: string | undefined,
  again: (ids: ReadonlySet<string>, head: Measurement) => Measured,
): Pick<SidesMeasurer, 'baseLabel' | 'again'> & { asked: Array<{ ids: string[]; stage: Stage | undefined }> } {
  const asked: Array<{ ids: string[]; stage: Stage | undefined }> = [];
  return {
    baseLabel,
    asked,
    again: async (ids, head, stage) => {
      asked.push({ ids: [...ids].sort(), stage });
      return again(ids, head);
    },
  };
}

/** The benchmarks of `m` whose ids are in `ids`. */
export const only = (m: Measurement, ids: ReadonlySet<string>): Measurement =>
  measurement([...m.benches.values()].filter((b) => ids.has(b.id)));
