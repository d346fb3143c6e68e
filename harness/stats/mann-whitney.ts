import { normalSf } from './distributions.ts';
import { rankSumSorted, type RankSum } from './rank.ts';
import { sortedSamples } from './sorted-samples.ts';
import { uSf } from './u-distribution.ts';
import { clampProbability, notEnoughData, type Alternative, type TestOutcome } from './types.ts';

export interface MannWhitneyOptions {
  alternative?: Alternative;
  /** scipy semantics: 'auto' is exact when min(n1, n2) <= 8 and there are no ties, asymptotic otherwise. */
  method?: 'auto' | 'exact' | 'asymptotic';
  /** Continuity correction of the normal approximation (scipy default true). */
  useContinuity?: boolean;
}

export type MannWhitneyResult = TestOutcome<{
  /** U1, the U statistic of x (scipy's `statistic`). */
  u1: number;
  u2: number;
  method: 'exact' | 'asymptotic';
  /** Common-language effect size U1 / (n1 n2) = P(X > Y) + P(X = Y)/2. */
  probabilityOfSuperiority: number;
}>;

/**
 * Mann-Whitney U test, matching scipy.stats.mannwhitneyu (statistic = U1 of x; 'greater' means x
 * stochastically greater). Ranks by merging two sorted copies: O((n+m) log(n+m)).
 */
export function mannWhitneyU(
  x: readonly number[],
  y: readonly number[],
  options: MannWhitneyOptions = {},
): MannWhitneyResult {
  const samples = sortedSamples(x, y);
  if (!samples.ok) return samples;
  const { xs, ys } = samples;
  return mannWhitneyUSorted(xs, ys, rankSumSorted(xs, ys), options);
}

/**
 * mannWhitneyU on finite, ascending, non-empty samples with their rank sum already computed (shared
 * with hodgesLehmannSorted by compareLocations).
 */
export function mannWhitneyUSorted(
  xs: Float64Array,
  ys: Float64Array,
  ranks: RankSum,
  options: MannWhitneyOptions = {},
): MannWhitneyResult {
  const { alternative = 'two-sided', method = 'auto', useContinuity = true } = options;
  const n1 = xs.length;
  const n2 = ys.length;
  if (n1 + n2 < 3) return notEnoughData(`n1=${n1}, n2=${n2} (single values)`);
  if (xs[0] === xs[n1 - 1] && ys[0] === ys[n2 - 1] && xs[0] === ys[0]) return notEnoughData('all values equal');
  const { rankSumX, tieTerm, hasTies } = ranks;
  const u1 = rankSumX - (n1 * (n1 + 1)) / 2;
  const u2 = n1 * n2 - u1;
  const u = alternative === 'greater' ? u1 : alternative === 'less' ? u2 : Math.max(u1, u2);
  const factor = alternative === 'two-sided' ? 2 : 1;
  const chosen = method === 'auto' ? (Math.min(n1, n2) <= 8 && !hasTies ? 'exact' : 'asymptotic') : method;
  let p: number;
  if (chosen === 'exact') {
    // scipy truncates a half-integer U (ties) to an integer before the exact survival function.
    p = uSf(Math.trunc(u), n1, n2);
  } else {
    const n = n1 + n2;
    const sd = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
    const z = (u - (n1 * n2) / 2 - (useContinuity ? 0.5 : 0)) / sd;
    p = normalSf(z);
  }
  return {
    ok: true,
    statistic: u1,
    pValue: clampProbability(p * factor),
    u1,
    u2,
    method: chosen,
    probabilityOfSuperiority: u1 / (n1 * n2),
  };
}
