import { binomialTest } from './binomial-test.ts';
import { notEnoughData, type Alternative, type TestOutcome } from './types.ts';

export type PoissonRateResult = TestOutcome<{ rate1: number; rate2: number; rateRatio: number }>;

/**
 * Compare two Poisson rates (e.g. error counts over requests): the conditional binomial test. Given
 * count1 + count2 = n, under H0 (equal rates) count1 ~ Bin(n, exposure1 / (exposure1 + exposure2)),
 * tested with scipy.stats.binomtest semantics (exact; not scipy's poisson_means_test E-test).
 * 'greater' means rate1 > rate2. statistic = rate1 / rate2.
 */
export function poissonRateTest(
  count1: number,
  exposure1: number,
  count2: number,
  exposure2: number,
  options: { alternative?: Alternative } = {},
): PoissonRateResult {
  if (![count1, count2].every((c) => Number.isInteger(c) && c >= 0))
    return notEnoughData('counts must be integers >= 0');
  if (!(exposure1 > 0 && exposure2 > 0 && Number.isFinite(exposure1) && Number.isFinite(exposure2)))
    return notEnoughData('exposures must be finite and > 0');
  const n = count1 + count2;
  if (n === 0) return notEnoughData('no events in either group');
  const r = binomialTest(count1, n, exposure1 / (exposure1 + exposure2), options);
  if (!r.ok) return r;
  const rate1 = count1 / exposure1;
  const rate2 = count2 / exposure2;
  const rateRatio = rate2 > 0 ? rate1 / rate2 : Infinity;
  return { ok: true, statistic: rateRatio, pValue: r.pValue, rate1, rate2, rateRatio };
}
