/**
 * Descriptive statistics. Empty input gives NaN here (as numpy does): these return numbers, not
 * TestOutcomes, so callers check `length` first; the tests built on them never return NaN.
 */

/** Arithmetic mean, two-pass (the second pass corrects rounding of the first, as numpy's pairwise-free `mean` + correction). */
export function mean(xs: readonly number[]): number {
  const n = xs.length;
  if (n === 0) return NaN;
  let s = 0;
  for (let i = 0; i < n; i++) s += xs[i]!;
  const m = s / n;
  let c = 0;
  for (let i = 0; i < n; i++) c += xs[i]! - m;
  return m + c / n;
}

/** Variance, two-pass with compensation (Chan, Golub & LeVeque 1983); ddof = 1 (sample) by default, 0 for population. */
export function variance(xs: readonly number[], ddof = 1): number {
  const n = xs.length;
  if (n - ddof <= 0) return NaN;
  const m = mean(xs);
  let ss = 0;
  let comp = 0;
  for (let i = 0; i < n; i++) {
    const d = xs[i]! - m;
    ss += d * d;
    comp += d;
  }
  return (ss - (comp * comp) / n) / (n - ddof);
}

/** Sample standard deviation (ddof = 1 by default). */
export function standardDeviation(xs: readonly number[], ddof = 1): number {
  return Math.sqrt(variance(xs, ddof));
}

/** Ascending copy as a Float64Array (numeric sort, no comparator overhead). */
export function sortedCopy(xs: readonly number[]): Float64Array {
  return Float64Array.from(xs).sort();
}

function isSortedAscending(xs: ArrayLike<number>): boolean {
  for (let i = 1; i < xs.length; i++) if (xs[i]! < xs[i - 1]!) return false;
  return true;
}

/** Quantile of already-sorted data, numpy's default method 'linear' (Hyndman & Fan type 7): h = (n-1)q. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0 || !(q >= 0 && q <= 1)) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const g = h - lo;
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  // numpy's _lerp: a + (b-a)*g, switched to b - (b-a)*(1-g) for g >= 0.5 (exact at the ends).
  const diff = b - a;
  return g >= 0.5 ? b - diff * (1 - g) : a + diff * g;
}

/** Quantile q in [0, 1] of sorted or unsorted data, numpy's default 'linear' method (type 7). */
export function quantile(xs: ArrayLike<number>, q: number): number {
  return quantileSorted(isSortedAscending(xs) ? xs : Float64Array.from(xs).sort(), q);
}

/** Median (numpy linear: mean of the two middle values for even n). */
export function median(xs: ArrayLike<number>): number {
  return quantile(xs, 0.5);
}

/** Median absolute deviation from the median, unscaled (scipy.stats.median_abs_deviation, scale=1.0); pass scale 1.4826 for a normal-consistent estimate. */
export function mad(xs: readonly number[], scale = 1): number {
  if (xs.length === 0) return NaN;
  const m = median(xs);
  return median(xs.map((x) => Math.abs(x - m))) * scale;
}

/** Interquartile range q(0.75) - q(0.25), numpy linear quantiles (scipy.stats.iqr default). */
export function iqr(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = isSortedAscending(xs) ? xs : sortedCopy(xs);
  return quantileSorted(s, 0.75) - quantileSorted(s, 0.25);
}

/** Running mean and variance by Welford's update, for streams. */
export interface WelfordState {
  n: number;
  mean: number;
  m2: number;
}

export const welfordEmpty: WelfordState = { n: 0, mean: 0, m2: 0 };

/** Welford (1962) one-value update; returns a new state. */
export function welfordPush(s: WelfordState, x: number): WelfordState {
  const n = s.n + 1;
  const d = x - s.mean;
  const m = s.mean + d / n;
  return { n, mean: m, m2: s.m2 + d * (x - m) };
}

/** Combine two Welford states (Chan et al. 1979 parallel formula). */
export function welfordMerge(a: WelfordState, b: WelfordState): WelfordState {
  if (a.n === 0) return b;
  if (b.n === 0) return a;
  const n = a.n + b.n;
  const d = b.mean - a.mean;
  return { n, mean: a.mean + (d * b.n) / n, m2: a.m2 + b.m2 + (d * d * a.n * b.n) / n };
}
