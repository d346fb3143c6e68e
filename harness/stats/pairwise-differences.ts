/**
 * k-th smallest of the n*m pairwise differences x_i - y_j without forming them: randomized selection
 * in the sorted matrix (Johnson & Mizoguchi 1978, "Selecting the Kth element in X+Y and X1+X2+...+Xm";
 * the same scheme as Monahan 1984, ACM TOMS Algorithm 616, for the one-sample case). Row i of the
 * matrix x_i - yDesc_j is ascending in j and column j ascending in i, so each step counts the elements
 * below a random pivot with two pointers in O(n + m) and discards the rows' parts that cannot hold the
 * answer; expected O(log(nm)) steps, O((n+m) log(nm)) total. The pivot stream is a fixed xorshift, so
 * the function is deterministic (and its answer does not depend on the pivots anyway).
 */

/** k is 1-based: k = 1 is the smallest difference. xAsc ascending, yDesc descending. */
export function kthPairwiseDifference(xAsc: Float64Array, yDesc: Float64Array, k: number): number {
  const n = xAsc.length;
  const m = yDesc.length;
  const lo = new Int32Array(n); // columns [lo, hi) of row i are still candidates
  const hi = new Int32Array(n).fill(m);
  const lt = new Int32Array(n);
  const le = new Int32Array(n);
  let state = 0x9e3779b9 | 0;
  const nextRandom = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  const threshold = Math.max(64, 2 * (n + m));
  for (;;) {
    let active = 0;
    let below = 0;
    for (let i = 0; i < n; i++) {
      active += hi[i] - lo[i];
      below += lo[i];
    }
    if (active <= threshold) {
      const rest = new Float64Array(active);
      let t = 0;
      for (let i = 0; i < n; i++) for (let j = lo[i]; j < hi[i]; j++) rest[t++] = xAsc[i] - yDesc[j];
      rest.sort();
      return rest[k - 1 - below];
    }
    // Random candidate cell, uniform over the active cells.
    let r = Math.floor(nextRandom() * active);
    let row = 0;
    while (r >= hi[row] - lo[row]) {
      r -= hi[row] - lo[row];
      row++;
    }
    const pivot = xAsc[row] - yDesc[lo[row] + r];
    let countLt = 0;
    let countLe = 0;
    let jl = m;
    let je = m;
    for (let i = 0; i < n; i++) {
      const xi = xAsc[i];
      while (jl > 0 && xi - yDesc[jl - 1] >= pivot) jl--;
      while (je > 0 && xi - yDesc[je - 1] > pivot) je--;
      lt[i] = jl;
      le[i] = je;
      countLt += jl;
      countLe += je;
    }
    if (k <= countLt) {
      for (let i = 0; i < n; i++) if (lt[i] < hi[i]) hi[i] = lt[i];
    } else if (k <= countLe) {
      return pivot;
    } else {
      for (let i = 0; i < n; i++) if (le[i] > lo[i]) lo[i] = le[i];
    }
    for (let i = 0; i < n; i++) if (hi[i] < lo[i]) hi[i] = lo[i];
  }
}
