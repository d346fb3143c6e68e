import { quantileSorted } from './descriptive.ts';

/**
 * Bin edges at the reference sample's quantiles k/bins, k = 1..bins-1 (numpy 'linear'), duplicates
 * dropped (ties in the reference merge bins). Bins are (-inf, e1], (e1, e2], ..., (e_last, +inf), so
 * values outside the reference range still land in the end bins.
 */
export function quantileEdges(reference: ArrayLike<number>, bins: number): number[] {
  const sorted = Float64Array.from(reference).sort();
  const edges: number[] = [];
  for (let k = 1; k < bins; k++) {
    const e = quantileSorted(sorted, k / bins);
    if (edges.length === 0 || e > edges[edges.length - 1]!) edges.push(e);
  }
  return edges;
}

/** Counts per bin for the edges above: bin index = number of edges strictly below x (numpy searchsorted side='left'). */
export function binCounts(values: ArrayLike<number>, edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
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

/** A reference sample binned once: its quantile edges, its count per bin and its size (PSI and Jensen-Shannon against many samples). */
export interface BinnedReference {
  edges: number[];
  counts: number[];
  n: number;
}

/** Bin a non-empty reference at its own quantiles (`bins` bins, ties merged), as `psi` and `jensenShannon` do. */
export function binReference(reference: ArrayLike<number>, bins: number): BinnedReference {
  const edges = quantileEdges(reference, Math.max(1, Math.floor(bins)));
  return { edges, counts: binCounts(reference, edges), n: reference.length };
}
