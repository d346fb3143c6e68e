import { mergeSorted } from './sorted-merge.ts';
import { allFinite, notEnoughData, type NotEnoughData } from './types.ts';

/** A distance or index between two samples: `value` is finite, or NotEnoughData. */
export type DistanceOutcome<Extra extends object = object> = ({ ok: true; value: number } & Extra) | NotEnoughData;

/**
 * First Wasserstein (earth mover's) distance between two empirical distributions, the integral of
 * |F_u - F_v| (scipy.stats.wasserstein_distance without weights), by merging sorted copies.
 */
export function wasserstein1d(u: readonly number[], v: readonly number[]): DistanceOutcome {
  const n = u.length;
  const m = v.length;
  if (n === 0 || m === 0) return notEnoughData(`n1=${n}, n2=${m}`);
  if (!allFinite(u) || !allFinite(v)) return notEnoughData('non-finite values');
  return { ok: true, value: wasserstein1dSorted(Float64Array.from(u).sort(), Float64Array.from(v).sort()) };
}

/** `wasserstein1d` of two non-empty, finite samples already sorted ascending (a reference sorted once for many windows). */
export function wasserstein1dSorted(us: ArrayLike<number>, vs: ArrayLike<number>): number {
  return mergeSorted(us, vs).wasserstein;
}
