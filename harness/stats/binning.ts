import { quantileSorted } from './descriptive.ts';

/**
 * Bin edges at the reference sample's quantiles k/bins, k = 1..bins-1 (numpy 'linear'), duplicates
 * dropped (ties in the reference merge bins). Bins are (-inf, e1], (e1, e2], ..., (e_last, +inf), so
 * values outside the reference range still land in the end bins.
 */
export function quantileEdges(reference: readonly number[], bins: number): number[] {
  const sorted = Float64Array.from(reference).sort();
  const edges: number[] = [];
  for (let k = 1; k < bins; k++) {
    const e = quantileSorted(sorted, k / bins);
    if (edges.length === 0 || e > edges[edges.length - 1]!) edges.push(e);
  }
  return edges;
}

/** Counts per bin for the edges above: bin index = number of edges strictly below x (numpy searchsorted side='left'). */
export function binCounts(values: readonly number[], edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (const x of values) {
    let lo = 0;
    let hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (edges[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    counts[lo]!++;
  }
  return counts;
}
