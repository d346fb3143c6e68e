import { normalQuantile } from '../stats/index.ts';

/** A two-sided confidence interval for canary - baseline (rates, or events per interval). */
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
 * MOVER (method of variance estimates recovery, Zou & Donner 2008): an interval for p1 - p2 from an
 * interval for each. With Wilson's intervals this is Newcombe's hybrid score interval (Newcombe 1998,
 * method 10), which keeps its coverage for rare events and zero counts where the Wald interval fails.
 */
function mover(
  p1: number,
  i1: { lower: number; upper: number },
  p2: number,
  i2: { lower: number; upper: number },
): DifferenceInterval {
  const d = p1 - p2;
  return {
    estimate: d,
    lower: d - Math.sqrt((p1 - i1.lower) ** 2 + (i2.upper - p2) ** 2),
    upper: d + Math.sqrt((i1.upper - p1) ** 2 + (p2 - i2.lower) ** 2),
  };
}

/** Newcombe's hybrid score interval for canary rate - baseline rate (x events in n requests per arm). */
export function newcombeInterval(
  canary: { x: number; n: number },
  baseline: { x: number; n: number },
  confidence: number,
): DifferenceInterval {
  const p1 = canary.x / canary.n;
  const p2 = baseline.x / baseline.n;
  return mover(
    p1,
    wilsonInterval(canary.x, canary.n, confidence),
    p2,
    wilsonInterval(baseline.x, baseline.n, confidence),
  );
}

/** MOVER interval for the difference of two Poisson rates (events per interval) from their score intervals. */
export function poissonDifferenceInterval(
  canary: { x: number; t: number },
  baseline: { x: number; t: number },
  confidence: number,
): DifferenceInterval {
  const r1 = canary.x / canary.t;
  const r2 = baseline.x / baseline.t;
  return mover(
    r1,
    poissonScoreInterval(canary.x, canary.t, confidence),
    r2,
    poissonScoreInterval(baseline.x, baseline.t, confidence),
  );
}
