import { hypergeometricPmf } from './distributions.ts';
import { clampProbability, notEnoughData, type Alternative, type TestOutcome } from './types.ts';

export type FisherResult = TestOutcome<{ oddsRatio: number }>;

/**
 * Fisher's exact test on a 2x2 table [[a, b], [c, d]] (scipy.stats.fisher_exact): conditional on the
 * margins, a ~ Hypergeometric. 'less'/'greater' = odds ratio below/above 1. Two-sided sums the
 * probabilities of all tables no more likely than the observed one, with relative tolerance 1e-7 as R's
 * fisher.test (scipy uses 1e-14; pmf values here carry ~1e-13 relative error from log-gamma, so a
 * tighter tolerance would misjudge exact ties). statistic = sample odds ratio (Infinity if b*c = 0).
 */
export function fisherExact(
  table: readonly (readonly number[])[],
  options: { alternative?: Alternative } = {},
): FisherResult {
  const alternative = options.alternative ?? 'two-sided';
  if (table.length !== 2 || table[0]!.length !== 2 || table[1]!.length !== 2) return notEnoughData('table must be 2x2');
  const [a, b] = table[0] as readonly [number, number];
  const [c, d] = table[1] as readonly [number, number];
  if ([a, b, c, d].some((v) => !Number.isInteger(v) || v < 0)) return notEnoughData('counts must be integers >= 0');
  const n1 = a + b;
  const n2 = c + d;
  const n = a + c;
  if (n1 === 0 || n2 === 0 || n === 0 || b + d === 0) return notEnoughData('a row or column sums to zero');
  const oddsRatio = b > 0 && c > 0 ? (a * d) / (b * c) : Infinity;
  const total = n1 + n2;
  const lo = Math.max(0, n - n2);
  const hi = Math.min(n, n1);
  const pmf = (k: number): number => hypergeometricPmf(k, total, n1, n);
  let p = 0;
  if (alternative === 'less') for (let k = lo; k <= a; k++) p += pmf(k);
  else if (alternative === 'greater') for (let k = a; k <= hi; k++) p += pmf(k);
  else {
    const limit = pmf(a) * (1 + 1e-7);
    for (let k = lo; k <= hi; k++) {
      const q = pmf(k);
      if (q <= limit) p += q;
    }
  }
  return { ok: true, statistic: oddsRatio, pValue: clampProbability(p), oddsRatio };
}
