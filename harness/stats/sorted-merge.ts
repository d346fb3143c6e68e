/**
 * The walk two-sample distances take over two samples sorted ascending: their distinct values in
 * ascending order, with i, j counting the values of each sample at or below the current one. Both
 * the KS numerators and the Wasserstein integral come out of one walk, so a caller that wants both
 * (drift's windowed detectors) pays for one.
 */
export interface SortedMerge {
  /** Largest and smallest i*n2 - j*n1 (integers: n1*n2 times F1 - F2) and the values where they occur. */
  maxNum: number;
  minNum: number;
  maxLoc: number;
  minLoc: number;
  /** The integral of |F1 - F2| (scipy.stats.wasserstein_distance without weights). */
  wasserstein: number;
}

/** Walk two non-empty, finite samples sorted ascending (see SortedMerge). */
export function mergeSorted(xs: ArrayLike<number>, ys: ArrayLike<number>): SortedMerge {
  const n1 = xs.length;
  const n2 = ys.length;
  let i = 0;
  let j = 0;
  let maxNum = 0;
  let minNum = 0;
  let maxLoc = xs[0]! < ys[0]! ? xs[0]! : ys[0]!;
  let minLoc = maxLoc;
  let total = 0;
  let prev = Math.min(xs[0]!, ys[0]!);
  while (i < n1 || j < n2) {
    const v = j >= n2 || (i < n1 && xs[i]! <= ys[j]!) ? xs[i]! : ys[j]!;
    total += Math.abs(i / n1 - j / n2) * (v - prev);
    prev = v;
    while (i < n1 && xs[i] === v) i++;
    while (j < n2 && ys[j] === v) j++;
    const num = i * n2 - j * n1;
    if (num > maxNum) {
      maxNum = num;
      maxLoc = v;
    }
    if (num < minNum) {
      minNum = num;
      minLoc = v;
    }
  }
  return { maxNum, minNum, maxLoc, minLoc, wasserstein: total };
}
