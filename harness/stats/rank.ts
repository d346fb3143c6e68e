export interface RankSum {
  rankSumX: number;
  tieTerm: number;
  hasTies: boolean;
}

/** Rank-sum of the first sample and the tie term sum(t^3 - t) over tie groups, from two sorted samples (average ranks, scipy rankdata 'average'). */
export function rankSumSorted(xs: Float64Array, ys: Float64Array): RankSum {
  const n1 = xs.length;
  const n2 = ys.length;
  let i = 0;
  let j = 0;
  let rank = 0; // ranks used so far
  let rankSumX = 0;
  let tieTerm = 0;
  while (i < n1 || j < n2) {
    const v = j >= n2 || (i < n1 && xs[i]! <= ys[j]!) ? xs[i] : ys[j];
    let cx = 0;
    let cy = 0;
    while (i < n1 && xs[i] === v) {
      i++;
      cx++;
    }
    while (j < n2 && ys[j] === v) {
      j++;
      cy++;
    }
    const t = cx + cy;
    const avg = rank + (t + 1) / 2;
    rankSumX += cx * avg;
    rank += t;
    if (t > 1) tieTerm += t * t * t - t;
  }
  return { rankSumX, tieTerm, hasTies: tieTerm > 0 };
}
