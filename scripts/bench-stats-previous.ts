/**
 * The Hodges-Lehmann implementation as of commit 66372a2 (three separate sampled-pivot selections,
 * five O(n) passes per step), kept verbatim so that scripts/bench-stats.ts can time the previous and
 * the current code on the same data in the same run. Not used by the harness.
 */
import { normalQuantile } from '../harness/stats/distributions.ts';
import { rankSumSorted } from '../harness/stats/rank.ts';
import { uQuantile } from '../harness/stats/u-distribution.ts';
import { allFinite, notEnoughData } from '../harness/stats/types.ts';
import type { HodgesLehmannOptions, HodgesLehmannResult } from '../harness/stats/hodges-lehmann.ts';

function kthPairwiseDifference(xAsc: Float64Array, yDesc: Float64Array, k: number): number {
  return selectPairwiseDifference(xAsc, yDesc, k).kth;
}

/** The k-th and (k+1)-th smallest pairwise differences (the latter is Infinity when k = n*m). */
function selectPairwiseDifference(xAsc: Float64Array, yDesc: Float64Array, k: number): { kth: number; next: number } {
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
    for (let i = 0; i < n; i++) if (from[i]! < m) best = Math.min(best, xAsc[i]! - yDesc[from[i]!]!);
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
      const xi = xAsc[i]!;
      while (jl > 0 && xi - yDesc[jl - 1]! >= pivot) jl--;
      while (je > jl && xi - yDesc[je - 1]! > pivot) je--;
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
      for (let i = 0; i < n; i++) if (lt[i]! < hi[i]!) hi[i] = Math.max(lt[i]!, lo[i]!);
    } else if (k <= countLe) {
      return { kth: pivot, next: k + 1 <= countLe ? pivot : minFrom(le) };
    } else {
      for (let i = 0; i < n; i++) if (le[i]! > lo[i]!) lo[i] = Math.min(le[i]!, hi[i]!);
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
      prefix[i + 1] = prefix[i]! + (hi[i]! - lo[i]!);
      below += lo[i]!;
    }
    const active = prefix[n]!;
    if (active <= threshold) {
      const rest = new Float64Array(active);
      let t = 0;
      for (let i = 0; i < n; i++) for (let j = lo[i]!; j < hi[i]!; j++) rest[t++] = xAsc[i]! - yDesc[j]!;
      rest.sort();
      const r = k - 1 - below;
      return { kth: rest[r]!, next: Math.min(r + 1 < active ? rest[r + 1]! : Infinity, minFrom(hi)) };
    }
    // Floyd-Rivest style: sample active cells, take two sample quantiles that bracket the target rank
    // with high probability, and cut to the band between them (about 3 / sqrt(4095) ~ 5% of it).
    for (let s = 0; s < SAMPLES; s++) {
      const r = Math.floor(nextRandom() * active);
      let a = 0;
      let b = n - 1;
      while (a < b) {
        const mid = (a + b) >> 1;
        if (prefix[mid + 1]! <= r) a = mid + 1;
        else b = mid;
      }
      samples[s] = xAsc[a]! - yDesc[lo[a]! + (r - prefix[a]!)]!;
    }
    samples.sort();
    const at = ((k - below) / active) * SAMPLES;
    const spread = 1.5 * Math.sqrt(SAMPLES);
    const li = Math.floor(at - spread);
    const ui = Math.ceil(at + spread);
    if (li >= 0) {
      const hit = narrow(samples[li]!);
      if (hit) return hit;
    }
    if (ui < SAMPLES) {
      const hit = narrow(samples[ui]!);
      if (hit) return hit;
    }
  }
}

export function previousHodgesLehmann(
  x: readonly number[],
  y: readonly number[],
  options: HodgesLehmannOptions = {},
): HodgesLehmannResult {
  const confidence = options.confidence ?? 0.95;
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0) return notEnoughData(`n1=${n1}, n2=${n2}`);
  if (!allFinite(x) || !allFinite(y)) return notEnoughData('non-finite values');
  if (!(confidence > 0 && confidence < 1)) return notEnoughData(`confidence=${confidence} outside (0, 1)`);
  const xAsc = Float64Array.from(x).sort();
  const yAsc = Float64Array.from(y).sort();
  const yDesc = yAsc.slice().reverse();
  const nm = n1 * n2;
  const middle = selectPairwiseDifference(xAsc, yDesc, Math.ceil(nm / 2));
  const estimate = nm % 2 === 1 ? middle.kth : middle.kth + (middle.next - middle.kth) / 2;
  const alpha = 1 - confidence;
  const { tieTerm, hasTies } = rankSumSorted(xAsc, yAsc);
  let k: number;
  let method: 'exact' | 'normal';
  if (n1 < 50 && n2 < 50 && !hasTies) {
    k = uQuantile(alpha / 2, n1, n2);
    method = 'exact';
  } else {
    const n = n1 + n2;
    const sd = Math.sqrt((nm / 12) * (n + 1 - tieTerm / (n * (n - 1))));
    k = Math.ceil(nm / 2 - 0.5 + normalQuantile(alpha / 2) * sd);
    method = 'normal';
  }
  if (k < 1) k = 1; // as R: the widest interval available
  if (k > (nm + 1) / 2) k = Math.floor((nm + 1) / 2);
  const lower = kthPairwiseDifference(xAsc, yDesc, k);
  const upper = kthPairwiseDifference(xAsc, yDesc, nm - k + 1);
  return { ok: true, estimate, lower, upper, method, k };
}
