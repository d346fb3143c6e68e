import { chiSquareSf } from './distributions.ts';
import { allFinite, clampProbability, notEnoughData, type TestOutcome } from './types.ts';

export type ChiSquareResult = TestOutcome<{ df: number; expected: number[] }>;
export type ContingencyResult = TestOutcome<{ df: number; expected: number[][]; yatesCorrected: boolean }>;

/**
 * Pearson chi-square goodness of fit (scipy.stats.chisquare). `expectedOrProportions` may be expected
 * counts, or proportions (summing to 1), which are scaled to the observed total; omitted = uniform.
 * Used for sample-ratio mismatch: chiSquareGoodnessOfFit([nA, nB], [0.5, 0.5]).
 */
export function chiSquareGoodnessOfFit(
  observed: readonly number[],
  expectedOrProportions?: readonly number[],
  options: { ddof?: number } = {},
): ChiSquareResult {
  const k = observed.length;
  if (k < 2) return notEnoughData(`k=${k} categories`);
  if (!allFinite(observed) || observed.some((o) => o < 0))
    return notEnoughData('observed counts must be finite and >= 0');
  const total = observed.reduce((a, b) => a + b, 0);
  if (!(total > 0)) return notEnoughData('no observations');
  let expected: number[];
  if (expectedOrProportions === undefined) expected = observed.map(() => total / k);
  else {
    if (expectedOrProportions.length !== k)
      return notEnoughData(`expected has ${expectedOrProportions.length} entries, observed ${k}`);
    if (!allFinite(expectedOrProportions) || expectedOrProportions.some((e) => !(e > 0)))
      return notEnoughData('expected values must be > 0');
    const s = expectedOrProportions.reduce((a, b) => a + b, 0);
    // Rescale so the totals agree (scipy requires agreement to 1e-8; proportions always need it).
    expected = expectedOrProportions.map((e) => (e * total) / s);
  }
  let stat = 0;
  for (let i = 0; i < k; i++) stat += (observed[i]! - expected[i]!) ** 2 / expected[i]!;
  const df = k - 1 - (options.ddof ?? 0);
  if (df < 1) return notEnoughData(`df=${df}`);
  return { ok: true, statistic: stat, pValue: clampProbability(chiSquareSf(stat, df)), df, expected };
}

/**
 * Chi-square test of independence on an r x c table (scipy.stats.chi2_contingency), with Yates'
 * continuity correction when df = 1 (2x2) unless `correction: false`, as scipy. All-zero rows and
 * columns are dropped first (scipy raises on them).
 */
export function chiSquareContingency(
  table: readonly (readonly number[])[],
  options: { correction?: boolean } = {},
): ContingencyResult {
  const correction = options.correction ?? true;
  if (table.length === 0 || table.some((row) => row.length !== table[0]!.length))
    return notEnoughData('table must be a non-empty rectangle');
  if (table.some((row) => !allFinite(row) || row.some((v) => v < 0)))
    return notEnoughData('counts must be finite and >= 0');
  const colTotals0 = table[0]!.map((_, j) => table.reduce((a, row) => a + row[j]!, 0));
  const keepCols = colTotals0.map((t, j) => (t > 0 ? j : -1)).filter((j) => j >= 0);
  const rows = table.filter((row) => row.reduce((a, b) => a + b, 0) > 0).map((row) => keepCols.map((j) => row[j]!));
  const r = rows.length;
  const c = keepCols.length;
  if (r < 2 || c < 2) return notEnoughData(`${r}x${c} table after dropping empty rows and columns`);
  const rowTotals = rows.map((row) => row.reduce((a, b) => a + b, 0));
  const colTotals = keepCols.map((_, j) => rows.reduce((a, row) => a + row[j]!, 0));
  const total = rowTotals.reduce((a, b) => a + b, 0);
  const expected = rows.map((_, i) => colTotals.map((cj) => (rowTotals[i]! * cj) / total));
  const df = (r - 1) * (c - 1);
  const yates = correction && df === 1;
  let stat = 0;
  for (let i = 0; i < r; i++)
    for (let j = 0; j < c; j++) {
      let o = rows[i]![j]!;
      const e = expected[i]![j]!;
      if (yates) {
        const diff = e - o;
        o += Math.sign(diff) * Math.min(0.5, Math.abs(diff));
      }
      stat += (o - e) ** 2 / e;
    }
  return {
    ok: true,
    statistic: stat,
    pValue: clampProbability(chiSquareSf(stat, df)),
    df,
    expected,
    yatesCorrected: yates,
  };
}
