import { allFinite, notEnoughData, type NotEnoughData } from './types.ts';

export interface SortedSamples {
  ok: true;
  xs: Float64Array;
  ys: Float64Array;
}

/**
 * The checks every rank-based two-sample test starts with (both samples non-empty, more than two
 * values in all, all finite), then ascending Float64Array copies of both.
 */
export function sortedSamples(x: readonly number[], y: readonly number[]): SortedSamples | NotEnoughData {
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0) return notEnoughData(`n1=${n1}, n2=${n2}`);
  if (n1 + n2 < 3) return notEnoughData(`n1=${n1}, n2=${n2} (single values)`);
  if (!allFinite(x) || !allFinite(y)) return notEnoughData('non-finite values');
  return { ok: true, xs: Float64Array.from(x).sort(), ys: Float64Array.from(y).sort() };
}
