import { normalQuantile } from '../stats/index.ts';
import type { Direction } from './judge-config.ts';
import type { Classification, SettleEstimate } from './judgment.ts';
import { fmt } from './format.ts';

/** canary - baseline, with a two-sided interval at the judge's confidence. */
export interface Change {
  estimate: number;
  lower: number;
  upper: number;
}

/**
 * The three outcomes in the bad direction. Clearly worse: the corrected test is significant and the
 * estimate is beyond the allowance (as before). Clearly within: the interval excludes every bad change
 * larger than the allowance (a non-inferiority bound, Wellek "Testing Statistical Hypotheses of
 * Equivalence and Noninferiority", ch. 2; promotion needs it for every critical metric, an
 * intersection-union test, so no multiplicity correction is needed for it). Otherwise inconclusive.
 */
export function classifyChange(
  direction: Direction,
  change: Change,
  allowed: number,
  significant: boolean,
): Exclude<Classification, 'no data'> {
  const badUp = direction !== 'decrease';
  const badDown = direction !== 'increase';
  if (significant && badUp && change.estimate > allowed) return 'high';
  if (significant && badDown && change.estimate < -allowed) return 'low';
  const upOk = !badUp || change.upper <= allowed;
  const downOk = !badDown || change.lower >= -allowed;
  return upOk && downOk ? 'pass' : 'inconclusive';
}

export interface SettleInput {
  direction: Direction;
  change: Change;
  allowed: number;
  confidence: number;
  /** One-sided level of the corrected decision test at its strictest (Holm's first step). */
  perTestAlpha: number;
  power: number;
  baselineN: number;
  canaryN: number;
  /** 'a shift' / 'a rate change'... for the sentence. */
  what: string;
}

/**
 * Samples per arm that would settle an inconclusive metric, from the same normal approximation as the
 * power statement: the interval's half-width gives the standard error now, which shrinks with
 * 1/sqrt(n) as both arms grow in their current ratio. If the observed change is within the allowance
 * (or better), the size at which the bound clears the allowance with probability `power`, assuming the
 * true change is the observed one (never taken better than none); if it is beyond, the size at which
 * the decision test confirms it with that probability.
 */
export function samplesToSettle(o: SettleInput): SettleEstimate {
  const zConf = normalQuantile(1 - (1 - o.confidence) / 2);
  const se = (o.change.upper - o.change.lower) / (2 * zConf);
  const zPower = normalQuantile(o.power);
  const bad =
    o.direction === 'increase'
      ? o.change.estimate
      : o.direction === 'decrease'
        ? -o.change.estimate
        : Math.abs(o.change.estimate);
  const now = `now ${o.baselineN} and ${o.canaryN}`;
  let factor: number;
  let goal: string;
  if (bad > o.allowed) {
    const zA = normalQuantile(1 - (o.direction === 'either' ? o.perTestAlpha / 2 : o.perTestAlpha));
    factor = (((zA + zPower) * se) / bad) ** 2;
    goal = `to confirm the observed bad change of ${fmt(bad)} (beyond the allowed ${fmt(o.allowed)}) with ${Math.round(o.power * 100)}% probability`;
  } else {
    const assumed = Math.max(bad, 0);
    const gap = o.allowed - assumed;
    if (!(gap > 0)) {
      return {
        baseline: null,
        canary: null,
        statement: `no sample settles it: the allowed change is ${fmt(o.allowed)}, and an interval never excludes every change; set allowedChange or allowedAbsolute`,
      };
    }
    factor = (((zConf + zPower) * se) / gap) ** 2;
    goal = `to show ${o.what} within the allowed ${fmt(o.allowed)} with ${Math.round(o.power * 100)}% probability if the true change is ${fmt(assumed)}`;
  }
  const grow = (n: number) => (Number.isFinite(factor) ? Math.max(n + 1, Math.ceil(n * factor)) : null);
  const baseline = grow(o.baselineN);
  const canary = grow(o.canaryN);
  return {
    baseline,
    canary,
    statement:
      baseline === null
        ? `no finite sample settles it (${now})`
        : `about ${baseline} baseline and ${canary} canary samples would settle it (${now}): ${goal}`,
  };
}
