import { binCounts, binReference, type BinnedReference } from './binning.ts';
import { allFinite, notEnoughData } from './types.ts';
import type { DistanceOutcome } from './wasserstein.ts';

export interface BinningOptions {
  /** Number of reference-quantile bins, default 10. */
  bins?: number;
  /** Floor for an empty bin's proportion (PSI only), default 1e-4; proportions are not renormalised. */
  epsilon?: number;
}

export type BinnedOutcome = DistanceOutcome<{
  edges: number[];
  referenceProportions: number[];
  currentProportions: number[];
}>;

/**
 * Population stability index sum (c_i - r_i) ln(c_i / r_i) over reference-quantile bins (binning.ts),
 * empty-bin proportions floored at epsilon. Rule of thumb: < 0.1 stable, 0.1-0.25 moderate, > 0.25 shift.
 */
export function psi(
  reference: readonly number[],
  current: readonly number[],
  options: BinningOptions = {},
): BinnedOutcome {
  const { bins = 10, epsilon = 1e-4 } = options;
  if (reference.length === 0 || current.length === 0)
    return notEnoughData(`reference n=${reference.length}, current n=${current.length}`);
  if (!allFinite(reference) || !allFinite(current)) return notEnoughData('non-finite values');
  return psiBinned(binReference(reference, bins), current, epsilon);
}

/** PSI of a non-empty, finite sample against a reference binned once (`binReference`): what `psi` computes, without re-binning the reference. */
export function psiBinned(
  reference: BinnedReference,
  current: ArrayLike<number>,
  epsilon = 1e-4,
): Extract<BinnedOutcome, { ok: true }> {
  const { edges } = reference;
  const r = reference.counts.map((c) => Math.max(c / reference.n, epsilon));
  const c = binCounts(current, edges).map((k) => Math.max(k / current.length, epsilon));
  let value = 0;
  for (let i = 0; i < r.length; i++) value += (c[i]! - r[i]!) * Math.log(c[i]! / r[i]!);
  return { ok: true, value, edges, referenceProportions: r, currentProportions: c };
}
