import { normalQuantile } from '../stats/index.ts';

/** A two-sided confidence interval around an estimate: of canary - baseline (rates, or events per interval), or of one arm. */
export interface DifferenceInterval {
  estimate: number;
  lower: number;
  upper: number;
}

const zFor = (confidence: number) => normalQuantile(1 - (1 - confidence) / 2);

/** Wilson score interval for a binomial proportion x / n (Wilson 1927; scipy binomtest(...).proportion_ci('wilson')). */
export function wilsonInterval(x: number, n: number, confidence: number): { lower: number; upper: number } {
  const z = zFor(confidence);
  const z2 = z * z;
  const centre = (x + z2 / 2) / (n + z2);
  const half = (z * Math.sqrt((x * (n - x)) / n + z2 / 4)) / (n + z2);
  return { lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}

/**
 * Score interval for a Poisson rate: x events over exposure t, the lambda with (x - lambda t)^2 / (lambda t) = z^2
 * (the Poisson analogue of Wilson's interval).
 */
export function poissonScoreInterval(x: number, t: number, confidence: number): { lower: number; upper: number } {
  const z = zFor(confidence);
  const z2 = z * z;
  const root = z * Math.sqrt(x + z2 / 4);
  return { lower: Math.max(0, x + z2 / 2 - root) / t, upper: (x + z2 / 2 + root) / t };
}

/**
 * MOVER (method of variance estimates recovery, Zou & Donner 2008): an interval for canary - baseline
 * from each arm's estimate and interval. With Wilson's intervals this is Newcombe's hybrid score
 * interval (Newcombe 1998, method 10), which keeps its coverage for rare events and zero counts where
 * the Wald interval fails.
 */
function mover(canary: DifferenceInterval, baseline: DifferenceInterval): DifferenceInterval {
  const d = canary.estimate - baseline.estimate;
  return {
    estimate: d,
    lower: d - Math.sqrt((canary.estimate - canary.lower) ** 2 + (baseline.upper - baseline.estimate) ** 2),
    upper: d + Math.sqrt((canary.upper - canary.estimate) ** 2 + (baseline.estimate - baseline.lower) ** 2),
  };
}

/** One arm's rate (x events in n requests) with its Wilson interval. */
const wilsonArm = (a: { x: number; n: number }, confidence: number): DifferenceInterval => ({
  estimate: a.x / a.n,
  ...wilsonInterval(a.x, a.n, confidence),
});

/** One arm's events per interval (x events over exposure t) with its score interval. */
const poissonArm = (a: { x: number; t: number }, confidence: number): DifferenceInterval => ({
  estimate: a.x / a.t,
  ...poissonScoreInterval(a.x, a.t, confidence),
});

/** Newcombe's hybrid score interval for canary rate - baseline rate (x events in n requests per arm). */
export function newcombeInterval(
  canary: { x: number; n: number },
  baseline: { x: number; n: number },
  confidence: number,
): DifferenceInterval {
  return mover(wilsonArm(canary, confidence), wilsonArm(baseline, confidence));
}

/** MOVER interval for the difference of two Poisson rates (events per interval) from their score intervals. */
export function poissonDifferenceInterval(
  canary: { x: number; t: number },
  baseline: { x: number; t: number },
  confidence: number,
): DifferenceInterval {
  return mover(poissonArm(canary, confidence), poissonArm(baseline, confidence));
}
