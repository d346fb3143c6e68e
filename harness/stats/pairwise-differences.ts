/**
 * k-th smallest of the n*m pairwise differences x_i - y_j without forming them: randomized selection
 * in the sorted matrix (Johnson & Mizoguchi 1978, "Selecting the Kth element in X+Y and X1+X2+...+Xm";
 * the same scheme as Monahan 1984, ACM TOMS Algorithm 616, for the one-sample case). Row i of the
 * matrix x_i - yDesc_j is ascending in j and column j ascending in i, so each step counts the elements
 * below a pivot with two pointers in O(n + m) and discards the rows' parts that cannot hold the answer.
 * Pivots are two sample quantiles of random active cells bracketing the target rank (Floyd & Rivest
 * 1975), so each step keeps ~5% of the candidates: expected O(log(nm)) steps, O((n+m) log(nm)) total,
 * then the last <= (n+m)/8 candidates are sorted. The sampling uses a fixed xorshift stream, so the
 * function is deterministic (and its answer does not depend on the pivots anyway).
 */

/** k is 1-based: k = 1 is the smallest difference. xAsc ascending, yDesc descending. */
export function kthPairwiseDifference(xAsc: Float64Array, yDesc: Float64Array, k: number): number {
  return selectPairwiseDifference(xAsc, yDesc, k).kth;
}

/** The k-th and (k+1)-th smallest pairwise differences (the latter is Infinity when k = n*m). */
export function selectPairwiseDifference(xAsc: Float64Array, yDesc: Float64Array, k: number): { kth: number; next: number } {
  const n = xAsc.length;
  const m = yDesc.length;
  const lo = new Int32Array(n); // columns [lo, hi) of row i are still candidates
  const hi = new Int32Array(n).fill(m);
  const lt = new Int32Array(n);
  const le = new Int32Array(n);
  const prefix = new Float64Array(n + 1);
  let state = 0x9e3779b9 | 0;
  const nextRandom = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  // Smallest difference in columns from[i] onward (the first element right of a cut in each row).
  const minFrom = (from: Int32Array): number => {
    let best = Infinity;
    for (let i = 0; i < n; i++) if (from[i] < m) best = Math.min(best, xAsc[i] - yDesc[from[i]]);
    return best;
  };
  // One pass, two pointers: per row, how many differences are < pivot (lt) and <= pivot (le).
  let countLt = 0;
  let countLe = 0;
  const count = (pivot: number): void => {
    let jl = m;
    let je = m;
    countLt = 0;
    countLe = 0;
    for (let i = 0; i < n; i++) {
      const xi = xAsc[i];
      while (jl > 0 && xi - yDesc[jl - 1] >= pivot) jl--;
      while (je > jl && xi - yDesc[je - 1] > pivot) je--;
      lt[i] = jl;
      le[i] = je;
      countLt += jl;
      countLe += je;
    }
  };
  // Narrow the rows with one pivot; returns the answer if the pivot is it.
  const narrow = (pivot: number): { kth: number; next: number } | undefined => {
    count(pivot);
    if (k <= countLt) {
      for (let i = 0; i < n; i++) if (lt[i] < hi[i]) hi[i] = Math.max(lt[i], lo[i]);
    } else if (k <= countLe) {
      return { kth: pivot, next: k + 1 <= countLe ? pivot : minFrom(le) };
    } else {
      for (let i = 0; i < n; i++) if (le[i] > lo[i]) lo[i] = Math.min(le[i], hi[i]);
    }
    return undefined;
  };
  const threshold = Math.max(256, (n + m) >> 3);
  const SAMPLES = 4095;
  const samples = new Float64Array(SAMPLES);
  for (;;) {
    let below = 0;
    prefix[0] = 0;
    for (let i = 0; i < n; i++) {
      prefix[i + 1] = prefix[i] + (hi[i] - lo[i]);
      below += lo[i];
    }
    const active = prefix[n];
    if (active <= threshold) {
      const rest = new Float64Array(active);
      let t = 0;
      for (let i = 0; i < n; i++) for (let j = lo[i]; j < hi[i]; j++) rest[t++] = xAsc[i] - yDesc[j];
      rest.sort();
      const r = k - 1 - below;
      return { kth: rest[r], next: Math.min(r + 1 < active ? rest[r + 1] : Infinity, minFrom(hi)) };
    }
    // Floyd-Rivest style: sample active cells, take two sample quantiles that bracket the target rank
    // with high probability, and cut to the band between them (about 3 / sqrt(4095) ~ 5% of it).
    for (let s = 0; s < SAMPLES; s++) {
      const r = Math.floor(nextRandom() * active);
      let a = 0;
      let b = n - 1;
      while (a < b) {
        const mid = (a + b) >> 1;
        if (prefix[mid + 1] <= r) a = mid + 1;
        else b = mid;
      }
      samples[s] = xAsc[a] - yDesc[lo[a] + (r - prefix[a])];
    }
    samples.sort();
    const at = ((k - below) / active) * SAMPLES;
    const spread = 1.5 * Math.sqrt(SAMPLES);
    const li = Math.floor(at - spread);
    const ui = Math.ceil(at + spread);
    if (li >= 0) {
      const hit = narrow(samples[li]);
      if (hit) return hit;
    }
    if (ui < SAMPLES) {
      const hit = narrow(samples[ui]);
      if (hit) return hit;
    }
  }
}
