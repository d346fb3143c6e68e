import { binCounts, binReference, type BinnedReference } from './binning.ts';
import { allFinite, notEnoughData } from './types.ts';
import type { BinnedOutcome } from './psi.ts';
import type { DistanceOutcome } from './wasserstein.ts';

/** Jensen-Shannon distance between two probability vectors, scipy.spatial.distance.jensenshannon (normalises; base 2 default, so in [0, 1]). */
export function jensenShannonDistance(p: readonly number[], q: readonly number[], base = 2): DistanceOutcome {
  if (p.length === 0 || p.length !== q.length) return notEnoughData(`lengths ${p.length} and ${q.length}`);
  let sp = 0;
  let sq = 0;
  for (let i = 0; i < p.length; i++) {
    sp += p[i]!;
    sq += q[i]!;
  }
  if (!(sp > 0) || !(sq > 0)) return notEnoughData('a probability vector sums to zero');
  let js = 0;
  for (let i = 0; i < p.length; i++) {
    const a = p[i]! / sp;
    const b = q[i]! / sq;
    const m = (a + b) / 2;
    if (a > 0) js += a * Math.log(a / m);
    if (b > 0) js += b * Math.log(b / m);
  }
  js /= 2 * Math.log(base);
  return { ok: true, value: Math.sqrt(Math.max(0, js)) };
}

/** Jensen-Shannon distance (base 2) between the binned samples, bins at reference quantiles (binning.ts); no epsilon needed. */
export function jensenShannon(
  reference: readonly number[],
  current: readonly number[],
  options: { bins?: number; base?: number } = {},
): BinnedOutcome {
  const { bins = 10, base = 2 } = options;
  if (reference.length === 0 || current.length === 0)
    return notEnoughData(`reference n=${reference.length}, current n=${current.length}`);
  if (!allFinite(reference) || !allFinite(current)) return notEnoughData('non-finite values');
  return jensenShannonBinned(binReference(reference, bins), current, base);
}

/** Jensen-Shannon distance of a non-empty, finite sample against a reference binned once (`binReference`). */
export function jensenShannonBinned(reference: BinnedReference, current: ArrayLike<number>, base = 2): BinnedOutcome {
  const { edges } = reference;
  const r = reference.counts.map((c) => c / reference.n);
  const c = binCounts(current, edges).map((k) => k / current.length);
  const d = jensenShannonDistance(r, c, base);
  if (!d.ok) return d;
  return { ok: true, value: d.value, edges, referenceProportions: r, currentProportions: c };
}
