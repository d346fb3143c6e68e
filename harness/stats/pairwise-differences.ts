/**
 * Order statistics of the n*m pairwise differences x_i - y_j without forming them: randomized selection
 * in the sorted matrix (Johnson & Mizoguchi 1978, "Selecting the Kth element in X+Y and X1+X2+...+Xm";
 * the same scheme as Monahan 1984, ACM TOMS Algorithm 616, for the one-sample case). Row i of the
 * matrix x_i - yDesc_j is ascending in j and column j ascending in i. The candidates form a band: the
 * columns [lo_i, hi_i) of each row, which are exactly the cells with a value strictly between two
 * earlier pivots. Counting the cells below a pivot inside the band is a two-pointer walk (the count
 * per row never grows with i), O(n + min(m, band)) per pivot. Pivots are two sample quantiles of
 * jittered-stratified random band cells bracketing the wanted ranks (Floyd & Rivest 1975), so each
 * step keeps a few percent of the band; both pivots are counted in one pass, and the cells equal to a
 * pivot are counted on the way (a second pass only under heavy ties). When the band holds at most
 * max(256, (n + m) / 8) cells it is copied out and the ranks are found by quickselect. Several ranks (the Hodges-Lehmann interval ends and median) share the
 * steps while their ranks are close relative to the band, then go on separately. The sampling uses a
 * fixed xorshift stream, so the function is deterministic (and its answer does not depend on the
 * pivots anyway: every value returned is one of the x_i - y_j, computed as that same subtraction, or
 * exactly its negation when the samples swap roles).
 */
import { selectInPlace } from './select.ts';

/** k is 1-based: k = 1 is the smallest difference. xAsc ascending, yDesc descending. */
export function kthPairwiseDifference(xAsc: Float64Array, yDesc: Float64Array, k: number): number {
  return pairwiseDifferenceOrderStatistics(xAsc, yDesc, [k])[0]!;
}

const SAMPLES = 4096;
/** Up to this many rows, each with up to this many cells equal to a pivot, are handled in the counting pass. */
const TIE_ROWS = 64;
/** Half-width of the sampled bracket in sample ranks: 1.5 sqrt(S) ~ 3 binomial standard deviations at p = 1/2. */
const SPREAD = 1.5 * Math.sqrt(SAMPLES);

interface Band {
  lo: Int32Array;
  hi: Int32Array;
  /** sum of lo (cells left of the band, all below every wanted rank) and sum of hi. */
  below: number;
  upto: number;
}

/**
 * The ranks[t]-th smallest (1-based) of all xAsc_i - yDesc_j, for each t. xAsc ascending, yDesc
 * descending, ranks within [1, n*m]. A zero difference is returned as +0 whichever cell it came from.
 */
export function pairwiseDifferenceOrderStatistics(
  xAsc: Float64Array,
  yDesc: Float64Array,
  ranks: readonly number[],
): number[] {
  // Each step walks every row, so the shorter sample makes the rows: the k-th smallest x - y is minus
  // the (nm - k + 1)-th smallest y - x (negation is exact).
  if (xAsc.length <= yDesc.length) return selectRanks(xAsc, yDesc, ranks).map((v) => v + 0);
  const nm = xAsc.length * yDesc.length;
  const yAsc = yDesc.slice().reverse();
  const xDesc = xAsc.slice().reverse();
  return selectRanks(
    yAsc,
    xDesc,
    ranks.map((k) => nm - k + 1),
  ).map((v) => 0 - v);
}

function selectRanks(xAsc: Float64Array, yDesc: Float64Array, ranks: readonly number[]): number[] {
  const n = xAsc.length;
  const m = yDesc.length;
  const out = new Array<number>(ranks.length).fill(NaN);
  const order = ranks.map((_, t) => t).sort((a, b) => ranks[a]! - ranks[b]!);
  const threshold = Math.max(256, (n + m) >> 3);
  // Scratch: per-row counts of cells < pivot and <= pivot for the two pivots of a step.
  const ltA = new Int32Array(n);
  const leA = new Int32Array(n);
  const ltB = new Int32Array(n);
  const leB = new Int32Array(n);
  const samples = new Float64Array(SAMPLES);
  // Rows holding cells equal to pivot A / B and where those cells end (see countBelow).
  const tieRowA = new Int32Array(TIE_ROWS);
  const tieEndA = new Int32Array(TIE_ROWS);
  const tieRowB = new Int32Array(TIE_ROWS);
  const tieEndB = new Int32Array(TIE_ROWS);
  let tiesA = 0;
  let tiesB = 0;
  let state = 0x9e3779b9 | 0;
  const nextRandom = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };

  /**
   * Per row, the number of cells < pA (into ltA) and < pB (into ltB), pA <= pB, in one pass. Cells
   * equal to a pivot (at least the sampled cell itself) are noted per row in a short list, so that the
   * counts <= pivot need no second pass unless there are many (ties: `manyA`/`manyB`, use countAtMost).
   */
  const countBelow = (band: Band, pA: number, pB: number): { sumA: number; sumB: number; eqA: number; eqB: number } => {
    const { lo, hi } = band;
    let ja = m;
    let jb = m;
    let sumA = 0;
    let sumB = 0;
    let eqA = 0; // cells equal to pA, while tiesA < TIE_ROWS
    let eqB = 0;
    tiesA = 0;
    tiesB = 0;
    for (let i = 0; i < n; i++) {
      const xi = xAsc[i]!;
      const l = lo[i]!;
      const h = hi[i]!;
      // The counts never grow with i, and each pivot lies strictly inside the band's value range, so
      // lo_i <= count_i <= hi_i: each row starts from the previous row's count, capped at hi_i.
      if (jb > h) jb = h;
      while (jb > l && xi - yDesc[jb - 1]! >= pB) jb--;
      if (ja > jb) ja = jb;
      while (ja > l && xi - yDesc[ja - 1]! >= pA) ja--;
      // Cells equal to a pivot follow its count in the row.
      if (jb < h && xi - yDesc[jb]! === pB && tiesB <= TIE_ROWS) {
        let e = jb + 1;
        while (e < h && e - jb <= TIE_ROWS && xi - yDesc[e]! === pB) e++;
        if (tiesB < TIE_ROWS && e - jb <= TIE_ROWS) {
          tieRowB[tiesB] = i;
          tieEndB[tiesB] = e;
          eqB += e - jb;
        }
        tiesB++;
        if (e - jb > TIE_ROWS) tiesB = TIE_ROWS + 1;
      }
      if (ja < h && xi - yDesc[ja]! === pA && tiesA <= TIE_ROWS) {
        let e = ja + 1;
        while (e < h && e - ja <= TIE_ROWS && xi - yDesc[e]! === pA) e++;
        if (tiesA < TIE_ROWS && e - ja <= TIE_ROWS) {
          tieRowA[tiesA] = i;
          tieEndA[tiesA] = e;
          eqA += e - ja;
        }
        tiesA++;
        if (e - ja > TIE_ROWS) tiesA = TIE_ROWS + 1;
      }
      ltA[i] = ja;
      ltB[i] = jb;
      sumA += ja;
      sumB += jb;
    }
    return { sumA, sumB, eqA, eqB };
  };

  /** Per row, the number of cells <= pivot (into le) given the counts < pivot (lt); returns the sum. */
  const countAtMost = (band: Band, pivot: number, lt: Int32Array, le: Int32Array): number => {
    const { hi } = band;
    let je = m;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const xi = xAsc[i]!;
      const l = lt[i]!;
      if (je > hi[i]!) je = hi[i]!;
      if (je < l) je = l;
      while (je > l && xi - yDesc[je - 1]! > pivot) je--;
      le[i] = je;
      sum += je;
    }
    return sum;
  };

  /** Fill `samples` with values of band cells at jittered-stratified positions (sorted by position). */
  const sampleBand = (band: Band, active: number): void => {
    const { lo, hi } = band;
    let i = 0;
    let before = 0; // band cells in rows < i
    let width = hi[0]! - lo[0]!;
    for (let s = 0; s < SAMPLES; s++) {
      const r = Math.floor(((s + nextRandom()) * active) / SAMPLES);
      while (before + width <= r) {
        before += width;
        i++;
        width = hi[i]! - lo[i]!;
      }
      samples[s] = xAsc[i]! - yDesc[lo[i]! + (r - before)]!;
    }
  };

  /** Copy the band out and select the wanted ranks (indices into `order`, ascending ranks). */
  const finish = (band: Band, wanted: number[]): void => {
    const { lo, hi } = band;
    const active = band.upto - band.below;
    const rest = new Float64Array(active);
    let t = 0;
    for (let i = 0; i < n; i++) {
      const xi = xAsc[i]!;
      for (let j = lo[i]!; j < hi[i]!; j++) rest[t++] = xi - yDesc[j]!;
    }
    let from = 0;
    for (const w of wanted) {
      const r = ranks[w]! - 1 - band.below;
      out[w] = selectInPlace(rest, r, from, active - 1);
      from = r; // rest[from..] now holds the values >= the one just selected
    }
  };

  /** Narrow the band around the wanted ranks (indices into `order`, ascending ranks); recurse when they drift apart. */
  const solve = (band: Band, wanted: number[]): void => {
    // Each step keeps a few percent of the band; a stuck loop would be a bug here, so fail loudly.
    for (let step = 0; ; step++) {
      if (step > 1000) throw new Error('pairwiseDifferenceOrderStatistics: selection did not converge (bug)');
      wanted = wanted.filter((w) => Number.isNaN(out[w]));
      if (wanted.length === 0) return;
      const active = band.upto - band.below;
      if (active <= threshold) return finish(band, wanted);
      const kMin = ranks[wanted[0]!]!;
      const kMax = ranks[wanted[wanted.length - 1]!]!;
      // Ranks far apart relative to the band are better served by separate brackets: split the group
      // at its widest gap once the joint bracket would keep more than a third of the band.
      if (wanted.length > 1 && (kMax - kMin) / active + (4 * SPREAD) / SAMPLES > 1 / 3) {
        let cut = 1;
        for (let t = 2; t < wanted.length; t++)
          if (ranks[wanted[t]!]! - ranks[wanted[t - 1]!]! > ranks[wanted[cut]!]! - ranks[wanted[cut - 1]!]!) cut = t;
        solve({ lo: band.lo.slice(), hi: band.hi.slice(), below: band.below, upto: band.upto }, wanted.slice(0, cut));
        solve(band, wanted.slice(cut));
        return;
      }
      sampleBand(band, active);
      samples.sort();
      const li = Math.floor(((kMin - band.below) / active) * SAMPLES - SPREAD);
      const ui = Math.ceil(((kMax - band.below) / active) * SAMPLES + SPREAD);
      // Counts (1-based rank boundaries) of cells < and <= each pivot; a missing pivot is -/+ infinity.
      const hasA = li >= 0;
      const hasB = ui < SAMPLES;
      const pA = hasA ? samples[li]! : -Infinity;
      const pB = hasB ? samples[ui]! : Infinity;
      let cLtA = band.below;
      let cLeA = band.below;
      let cLtB = band.upto;
      let cLeB = band.upto;
      // The <= counts per row: lt plus the equal cells noted by countBelow, or a second pass if many.
      const atMost = (
        pivot: number,
        lt: Int32Array,
        le: Int32Array,
        sumLt: number,
        eq: number,
        ties: number,
        rows: Int32Array,
        ends: Int32Array,
      ): number => {
        if (ties > TIE_ROWS) return countAtMost(band, pivot, lt, le);
        le.set(lt);
        for (let t = 0; t < ties; t++) le[rows[t]!] = ends[t]!;
        return sumLt + eq;
      };
      if (hasA || hasB) {
        const c = countBelow(band, hasA ? pA : pB, hasB ? pB : pA);
        if (hasA) {
          cLtA = c.sumA;
          cLeA = atMost(pA, ltA, leA, c.sumA, c.eqA, tiesA, tieRowA, tieEndA);
        }
        if (hasB) {
          cLtB = c.sumB;
          cLeB = atMost(pB, ltB, leB, c.sumB, c.eqB, tiesB, tieRowB, tieEndB);
        }
      }
      for (const w of wanted) {
        const k = ranks[w]!;
        if (k > cLtA && k <= cLeA) out[w] = pA;
        else if (k > cLtB && k <= cLeB) out[w] = pB;
      }
      const open = wanted.filter((w) => Number.isNaN(out[w]));
      if (open.length === 0) return;
      const lowest = ranks[open[0]!]!;
      const highest = ranks[open[open.length - 1]!]!;
      // New band edges: the tightest pivot positions that keep every open rank inside.
      if (hasA && lowest > cLeA) {
        band.lo.set(leA);
        band.below = cLeA;
      }
      if (hasB && highest <= cLtB) {
        band.hi.set(ltB);
        band.upto = cLtB;
      } else if (hasA && highest <= cLtA) {
        band.hi.set(ltA);
        band.upto = cLtA;
      }
      if (hasB && lowest > cLeB) {
        band.lo.set(leB);
        band.below = cLeB;
      }
    }
  };

  solve({ lo: new Int32Array(n), hi: new Int32Array(n).fill(m), below: 0, upto: n * m }, order);
  return out;
}
