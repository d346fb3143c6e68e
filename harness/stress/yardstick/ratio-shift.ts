import { hodgesLehmann, mannWhitneyU } from '../../stats/index.ts';

export interface RatioShiftPolicy {
  /** Relative slowdown that counts (0.15 = the head's latency ratio to the yardstick 15% above the baseline's). */
  tolerance: number;
  /** One-sided level: the shift must also be significant (Mann-Whitney p < alpha). */
  alpha: number;
}

export type RatioShift =
  | {
      ok: true;
      /** Hodges-Lehmann shift of the per-round log ratios (head run minus baseline). */
      estimate: number;
      /** Its distribution-free interval at confidence 1 - 2 alpha (so each end is a one-sided alpha bound). */
      lower: number;
      upper: number;
      /** One-sided Mann-Whitney p-values: head ratios greater (slower) / less (faster) than the baseline's. */
      pSlower: number;
      pFaster: number;
      /** exp(estimate) - 1 etc.: the shift as a relative change of latency. */
      relative: number;
      relativeLower: number;
      relativeUpper: number;
      change: 'regressed' | 'improved' | 'unchanged';
    }
  | { ok: false; reason: string };

/**
 * Compare the per-round log latency ratios (head client / yardstick) of this run with the baseline's.
 * The shift is the Hodges-Lehmann estimate (median of all pairwise differences) with the exact
 * rank-based interval (R's wilcox.test conf.int); a regression needs both p < alpha (one-sided
 * Mann-Whitney) and an estimate above log(1 + tolerance), so a real but tiny shift does not fail
 * and a large shift measured in a handful of noisy rounds does not either. Pure.
 */
export function ratioShift(now: readonly number[], base: readonly number[], policy: RatioShiftPolicy): RatioShift {
  const confidence = 1 - 2 * policy.alpha;
  const hl = hodgesLehmann(now, base, { confidence });
  const slower = mannWhitneyU(now, base, { alternative: 'greater', method: 'exact' });
  const faster = mannWhitneyU(now, base, { alternative: 'less', method: 'exact' });
  if (!hl.ok) return { ok: false, reason: hl.reason };
  if (!slower.ok) return { ok: false, reason: slower.reason };
  if (!faster.ok) return { ok: false, reason: faster.reason };
  const bound = Math.log(1 + policy.tolerance);
  const change =
    slower.pValue < policy.alpha && hl.estimate > bound
      ? 'regressed'
      : faster.pValue < policy.alpha && hl.estimate < -bound
        ? 'improved'
        : 'unchanged';
  return {
    ok: true,
    estimate: hl.estimate,
    lower: hl.lower,
    upper: hl.upper,
    pSlower: slower.pValue,
    pFaster: faster.pValue,
    relative: Math.expm1(hl.estimate),
    relativeLower: Math.expm1(hl.lower),
    relativeUpper: Math.expm1(hl.upper),
    change,
  };
}
