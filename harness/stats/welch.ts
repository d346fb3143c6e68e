import { mean, variance } from './descriptive.ts';
import { tCdf, tSf } from './distributions.ts';
import { allFinite, clampProbability, notEnoughData, type Alternative, type TestOutcome } from './types.ts';

export type WelchResult = TestOutcome<{ df: number; meanDifference: number; standardError: number }>;

/** Welch's unequal-variance t-test (scipy.stats.ttest_ind(equal_var=False)); statistic is for mean(x) - mean(y). */
export function welchTTest(
  x: readonly number[],
  y: readonly number[],
  options: { alternative?: Alternative } = {},
): WelchResult {
  const alternative = options.alternative ?? 'two-sided';
  const n1 = x.length;
  const n2 = y.length;
  if (n1 < 2 || n2 < 2) return notEnoughData(`n1=${n1}, n2=${n2} (need 2 per sample)`);
  if (!allFinite(x) || !allFinite(y)) return notEnoughData('non-finite values');
  const v1 = variance(x) / n1;
  const v2 = variance(y) / n2;
  const se2 = v1 + v2;
  if (!(se2 > 0)) return notEnoughData('zero variance in both samples');
  const diff = mean(x) - mean(y);
  const se = Math.sqrt(se2);
  const t = diff / se;
  const df = (se2 * se2) / ((v1 * v1) / (n1 - 1) + (v2 * v2) / (n2 - 1));
  const p = alternative === 'less' ? tCdf(t, df) : alternative === 'greater' ? tSf(t, df) : 2 * tSf(Math.abs(t), df);
  return { ok: true, statistic: t, pValue: clampProbability(p), df, meanDifference: diff, standardError: se };
}
