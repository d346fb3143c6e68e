/**
 * A fixed-size quantile sketch of one repetition's latency samples: the values at fixed
 * probabilities, dense around the low quantiles the comparison looks at (see compare.ts) and
 * sparse elsewhere. It keeps a baseline small (28 numbers per repetition, whatever the sample count) and still
 * allows the within-repetition part of the hierarchical bootstrap (see compare.ts).
 */
// The module itself, not the stats barrel: the bench worker bundles this file and stays small (it loads under valgrind).
import { quantileSorted } from '../stats/descriptive.ts';

export const SKETCH_PROBABILITIES: readonly number[] = [
  0, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 0.1, 0.11, 0.12, 0.13, 0.15, 0.17, 0.2, 0.25, 0.3, 0.4, 0.5,
  0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1,
];

/** Values at SKETCH_PROBABILITIES (numpy linear quantiles) of ascending samples, rounded to 6 significant digits. */
export function makeSketch(sortedSamples: ArrayLike<number>): number[] {
  return SKETCH_PROBABILITIES.map((p) => round6(quantileSorted(sortedSamples, p)));
}

/** Quantile `p` of the distribution a sketch describes (linear between its points). */
export function sketchQuantile(sketch: readonly number[], p: number): number {
  const probs = SKETCH_PROBABILITIES;
  if (sketch.length !== probs.length)
    throw new RangeError(`sketch has ${sketch.length} points, expected ${probs.length}`);
  if (p <= 0) return sketch[0]!;
  if (p >= 1) return sketch[probs.length - 1]!;
  let hi = 1;
  while (probs[hi]! < p) hi++;
  const lo = hi - 1;
  const t = (p - probs[lo]!) / (probs[hi]! - probs[lo]!);
  return sketch[lo]! + t * (sketch[hi]! - sketch[lo]!);
}

/** The median a sketch records. */
export function sketchMedian(sketch: readonly number[]): number {
  return sketch[SKETCH_PROBABILITIES.indexOf(0.5)]!;
}

export function round6(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(6)) : x;
}
