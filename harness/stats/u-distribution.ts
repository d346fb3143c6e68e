/**
 * Exact null distribution of the Mann-Whitney U statistic (no ties): the number of arrangements with
 * U = u is the coefficient of q^u in the Gaussian binomial [m+n choose m]_q = prod_{i=1..m} (1-q^(n+i))/(1-q^i)
 * (Andrews, "The Theory of Partitions", 3.3). Coefficients are built only up to the needed u (the tail),
 * in O(min(m,n) * u) time, and cached per (m, n, maxU).
 */

const cache = new Map<string, Float64Array>();

/** Frequencies f(u) for u = 0..maxU, divided by C(m+n, m) (probabilities). */
export function uProbabilities(m: number, n: number, maxU: number): Float64Array {
  const small = Math.min(m, n);
  const large = Math.max(m, n);
  const top = Math.min(maxU, small * large);
  const key = `${small},${large},${top}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const c = new Float64Array(top + 1);
  c[0] = 1;
  for (let i = 1; i <= small; i++) {
    // divide by (1 - q^i): c[u] += c[u - i], ascending
    for (let u = i; u <= top; u++) c[u]! += c[u - i]!;
    // multiply by (1 - q^(large+i)): c[u] -= c[u - large - i], descending
    const s = large + i;
    for (let u = top; u >= s; u--) c[u]! -= c[u - s]!;
  }
  // C(m+n, m) as a running product keeps ~1e-16 relative error per factor.
  let total = 1;
  for (let i = 1; i <= small; i++) total = (total * (large + i)) / i;
  for (let u = 0; u <= top; u++) c[u]! /= total;
  if (cache.size > 64) cache.clear();
  cache.set(key, c);
  return c;
}

/** P(U <= u) under H0, exact, for integer u. */
export function uCdf(u: number, m: number, n: number): number {
  if (u < 0) return 0;
  const mn = m * n;
  if (u >= mn) return 1;
  // Symmetry around mn/2: sum the shorter tail.
  if (u > mn / 2) return 1 - uCdf(mn - u - 1, m, n);
  const p = uProbabilities(m, n, u);
  let s = 0;
  for (let k = 0; k <= u; k++) s += p[k]!;
  return s;
}

/** P(U >= u) under H0 (scipy _MWU.sf: includes the mass at u). */
export function uSf(u: number, m: number, n: number): number {
  const mn = m * n;
  const kc = mn - u;
  if (u < kc) {
    const p = uProbabilities(m, n, u);
    let s = 0;
    for (let k = 0; k <= u; k++) s += p[k]!;
    return 1 - s + p[u]!;
  }
  return uCdf(kc, m, n);
}

/** R's qwilcox(p, m, n): the smallest q with P(U <= q) >= p. */
export function uQuantile(p: number, m: number, n: number): number {
  const mn = m * n;
  const half = Math.floor(mn / 2);
  const probs = uProbabilities(m, n, half);
  let s = 0;
  for (let q = 0; q <= half; q++) {
    s += probs[q]!;
    if (s >= p * (1 - 64 * Number.EPSILON)) return q;
  }
  // Upper half by symmetry: P(U <= q) = 1 - P(U <= mn - q - 1).
  for (let q = half + 1; q <= mn; q++) if (1 - uCdf(mn - q - 1, m, n) >= p * (1 - 64 * Number.EPSILON)) return q;
  return mn;
}
