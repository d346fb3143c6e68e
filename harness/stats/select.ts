/** In-place selection of the k-th smallest (0-based) by Hoare quickselect; mutates `a`. */
export function selectInPlace(a: Float64Array, k: number, from = 0, to = a.length - 1): number {
  let lo = from;
  let hi = to;
  while (hi > lo) {
    const pivot = a[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}

/** Median (numpy linear) of a scratch buffer, which is reordered. */
export function medianInPlace(a: Float64Array): number {
  const n = a.length;
  const h = (n - 1) >> 1;
  const lo = selectInPlace(a, h);
  if (n % 2 === 1) return lo;
  // the upper middle is the minimum of the part right of h
  let hi = Infinity;
  for (let i = h + 1; i < n; i++) if (a[i]! < hi) hi = a[i]!;
  return lo + (hi - lo) / 2;
}
