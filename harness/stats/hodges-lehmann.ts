import { normalQuantile } from './distributions.ts';
import { pairwiseDifferenceOrderStatistics } from './pairwise-differences.ts';
import { rankSumSorted, type RankSum } from './rank.ts';
import { uQuantile } from './u-distribution.ts';
import { allFinite, notEnoughData, type NotEnoughData } from './types.ts';

export interface HodgesLehmannOptions {
  /** Confidence level of the interval, default 0.95. */
  confidence?: number;
}

export type HodgesLehmannResult =
  | {
      ok: true;
      /** Median of all x_i - y_j: the shift of x relative to y. */
      estimate: number;
      lower: number;
      upper: number;
      /** 'exact' U quantiles (n1, n2 < 50, no ties, as R) or 'normal' approximation. */
      method: 'exact' | 'normal';
      /** The rank k: lower = k-th smallest difference, upper = k-th largest. */
      k: number;
    }
  | NotEnoughData;

/**
 * Hodges-Lehmann two-sample shift estimate with the distribution-free confidence interval of R's
 * wilcox.test(conf.int = TRUE): [d_(k), d_(nm-k+1)] with k = qwilcox(alpha/2, n1, n2) (exact, when both
 * samples have < 50 values and no ties). Otherwise k = ceil(nm/2 - 0.5 - z sqrt(var U)) with the
 * tie-corrected variance: the normal approximation of the same quantile, with continuity correction
 * (R instead inverts the asymptotic test by root finding; intervals differ by at most a rank or two).
 */
export function hodgesLehmann(
  x: readonly number[],
  y: readonly number[],
  options: HodgesLehmannOptions = {},
): HodgesLehmannResult {
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0) return notEnoughData(`n1=${n1}, n2=${n2}`);
  if (!allFinite(x) || !allFinite(y)) return notEnoughData('non-finite values');
  const xAsc = Float64Array.from(x).sort();
  const yAsc = Float64Array.from(y).sort();
  return hodgesLehmannSorted(xAsc, yAsc, rankSumSorted(xAsc, yAsc), options);
}

/**
 * hodgesLehmann on finite, ascending, non-empty samples with their rank sum (for the tie correction)
 * already computed (shared with mannWhitneyUSorted by compareLocations).
 */
export function hodgesLehmannSorted(
  xAsc: Float64Array,
  yAsc: Float64Array,
  ranks: RankSum,
  options: HodgesLehmannOptions = {},
): HodgesLehmannResult {
  const confidence = options.confidence ?? 0.95;
  const n1 = xAsc.length;
  const n2 = yAsc.length;
  if (!(confidence > 0 && confidence < 1)) return notEnoughData(`confidence=${confidence} outside (0, 1)`);
  const yDesc = yAsc.slice().reverse();
  const nm = n1 * n2;
  const alpha = 1 - confidence;
  const { tieTerm, hasTies } = ranks;
  let k: number;
  let method: 'exact' | 'normal';
  if (n1 < 50 && n2 < 50 && !hasTies) {
    k = uQuantile(alpha / 2, n1, n2);
    method = 'exact';
  } else {
    const n = n1 + n2;
    const sd = Math.sqrt((nm / 12) * (n + 1 - tieTerm / (n * (n - 1))));
    k = Math.ceil(nm / 2 - 0.5 + normalQuantile(alpha / 2) * sd);
    method = 'normal';
  }
  if (k < 1) k = 1; // as R: the widest interval available
  if (k > (nm + 1) / 2) k = Math.floor((nm + 1) / 2);
  // All order statistics in one selection: the interval ends and the middle one or two.
  const middle = Math.ceil(nm / 2);
  const wanted = nm % 2 === 1 ? [k, middle, nm - k + 1] : [k, middle, middle + 1, nm - k + 1];
  const found = pairwiseDifferenceOrderStatistics(xAsc, yDesc, wanted);
  const lower = found[0]!;
  const upper = found[found.length - 1]!;
  const estimate = nm % 2 === 1 ? found[1]! : found[1]! + (found[2]! - found[1]!) / 2;
  return { ok: true, estimate, lower, upper, method, k };
}
