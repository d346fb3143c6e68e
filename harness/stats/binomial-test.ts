import { binomialCdf, binomialPmf, binomialSfInclusive } from './distributions.ts';
import { clampProbability, notEnoughData, type Alternative, type TestOutcome } from './types.ts';

export type BinomialTestResult = TestOutcome<{ proportion: number }>;

/**
 * Exact binomial test of k successes in n trials against p (scipy.stats.binomtest): two-sided sums
 * the probabilities of outcomes no more likely than k, relative tolerance 1 + 1e-7, as scipy.
 */
export function binomialTest(
  k: number,
  n: number,
  p: number,
  options: { alternative?: Alternative } = {},
): BinomialTestResult {
  const alternative = options.alternative ?? 'two-sided';
  if (!Number.isInteger(n) || n < 1) return notEnoughData(`n=${n} trials`);
  if (!Number.isInteger(k) || k < 0 || k > n) return notEnoughData(`k=${k} outside 0..${n}`);
  if (!(p > 0 && p < 1)) return notEnoughData(`p=${p} outside (0, 1)`);
  let pv: number;
  if (alternative === 'less') pv = binomialCdf(k, n, p);
  else if (alternative === 'greater') pv = binomialSfInclusive(k, n, p);
  else {
    const d = binomialPmf(k, n, p) * (1 + 1e-7);
    const expected = p * n;
    if (k === expected) pv = 1;
    else if (k < expected) {
      // Upper side: first index >= ceil(pn) whose pmf <= d (pmf decreasing there).
      let lo = Math.ceil(expected);
      let hi = n + 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (binomialPmf(mid, n, p) <= d) hi = mid;
        else lo = mid + 1;
      }
      pv = binomialCdf(k, n, p) + (lo <= n ? binomialSfInclusive(lo, n, p) : 0);
    } else {
      // Lower side: last index <= floor(pn) whose pmf <= d (pmf increasing there).
      let lo = -1;
      let hi = Math.floor(expected);
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (binomialPmf(mid, n, p) <= d) lo = mid;
        else hi = mid - 1;
      }
      pv = (lo >= 0 ? binomialCdf(lo, n, p) : 0) + binomialSfInclusive(k, n, p);
    }
  }
  return { ok: true, statistic: k / n, pValue: clampProbability(pv), proportion: k / n };
}
