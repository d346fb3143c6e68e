/**
 * Adjusted p-values for multiple comparisons, matching statsmodels.stats.multitest.multipletests
 * ('holm', 'fdr_bh'). Input order is preserved; non-finite p-values are treated as 1.
 */

function order(p: readonly number[]): number[] {
  return p.map((_, i) => i).sort((a, b) => p[a]! - p[b]! || a - b);
}

const clean = (p: readonly number[]): number[] => p.map((v) => (Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 1));

/** Holm (1979) step-down adjusted p-values: max over j <= i of min(1, (m - j) p_(j)). */
export function holm(pValues: readonly number[]): number[] {
  const p = clean(pValues);
  const m = p.length;
  const idx = order(p);
  const out = new Array<number>(m);
  let running = 0;
  for (let r = 0; r < m; r++) {
    running = Math.max(running, Math.min(1, (m - r) * p[idx[r]!]!));
    out[idx[r]!] = running;
  }
  return out;
}

/** Benjamini-Hochberg (1995) step-up adjusted p-values (q-values): min over j >= i of min(1, m p_(j) / j). */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const p = clean(pValues);
  const m = p.length;
  const idx = order(p);
  const out = new Array<number>(m);
  let running = 1;
  for (let r = m - 1; r >= 0; r--) {
    running = Math.min(running, (m * p[idx[r]!]!) / (r + 1));
    out[idx[r]!] = Math.min(1, running);
  }
  return out;
}
