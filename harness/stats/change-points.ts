/**
 * Change points in the mean of a series by PELT (Killick, Fearnhead & Eckley 2012, "Optimal
 * detection of changepoints with a linear computational cost", JASA 107:1590): the segmentation
 * minimising  sum of segment costs + penalty x (number of change points), where a segment's cost is
 * its sum of squared deviations from its own mean (the Gaussian mean-shift cost with known variance).
 * PELT returns the exact optimum of optimal partitioning (Jackson et al. 2005); pruning only skips
 * split points that can never be optimal again. Pure: numbers in, numbers out.
 */

export interface PeltOptions {
  /** Cost added per change point, in the units of the squared data. */
  penalty: number;
  /** Fewest points in a segment. Default 2. */
  minSize?: number;
}

export interface Segmentation {
  /** Index of the first point of each new segment (ascending; never 0). */
  changePoints: number[];
  /** Mean of each segment, in order (changePoints.length + 1 of them for a non-empty series). */
  means: number[];
  /** The minimised objective: total segment cost + penalty x change points. */
  cost: number;
}

/** Prefix sums so that a segment's cost is O(1). */
function prefixSums(xs: readonly number[]): { s1: Float64Array; s2: Float64Array } {
  const s1 = new Float64Array(xs.length + 1);
  const s2 = new Float64Array(xs.length + 1);
  for (let i = 0; i < xs.length; i++) {
    s1[i + 1] = s1[i]! + xs[i]!;
    s2[i + 1] = s2[i]! + xs[i]! * xs[i]!;
  }
  return { s1, s2 };
}

/** Exact penalised least-squares segmentation of `xs` into constant-mean segments (PELT). */
export function peltMeanShift(xs: readonly number[], options: PeltOptions): Segmentation {
  const n = xs.length;
  const minSize = Math.max(1, Math.floor(options.minSize ?? 2));
  const beta = options.penalty;
  if (!(beta >= 0)) throw new RangeError(`penalty must be >= 0, got ${beta}`);
  if (n === 0) return { changePoints: [], means: [], cost: 0 };
  const { s1, s2 } = prefixSums(xs);
  const segCost = (a: number, b: number): number => {
    const len = b - a;
    const sum = s1[b]! - s1[a]!;
    return Math.max(0, s2[b]! - s2[a]! - (sum * sum) / len);
  };
  // F[t]: best objective for xs[0, t); last[t]: the start of its final segment.
  const F = new Float64Array(n + 1).fill(Infinity);
  const last = new Int32Array(n + 1).fill(-1);
  F[0] = -beta;
  // Candidate last splits (tau) and the time from which pruning has removed each, compacted in place.
  const tau = new Int32Array(n + 1);
  const removeAt = new Float64Array(n + 1);
  const value = new Float64Array(n + 1);
  let count = 1;
  tau[0] = 0;
  removeAt[0] = Infinity;
  for (let t = minSize; t <= n; t++) {
    // A split at t - minSize becomes usable now that its segment can have minSize points.
    const fresh = t - minSize;
    if (fresh >= minSize && Number.isFinite(F[fresh]!)) {
      tau[count] = fresh;
      removeAt[count++] = Infinity;
    }
    let best = Infinity;
    let arg = -1;
    let kept = 0;
    for (let i = 0; i < count; i++) {
      if (removeAt[i]! <= t) continue;
      const c = tau[i]!;
      tau[kept] = c;
      removeAt[kept] = removeAt[i]!;
      const v = t - c >= minSize ? F[c]! + segCost(c, t) + beta : Infinity;
      value[kept++] = v;
      if (v < best) {
        best = v;
        arg = c;
      }
    }
    count = kept;
    F[t] = best;
    last[t] = arg;
    // Prune (the cost is additive, so K = 0): once F[tau] + C(tau, t) > F[t], tau is never again
    // the best last split at any s from which t itself is usable (s >= t + minSize); before that
    // the bound does not hold, so removal waits until then.
    for (let i = 0; i < count; i++) if (removeAt[i] === Infinity && value[i]! - beta > best) removeAt[i] = t + minSize;
  }
  const changePoints: number[] = [];
  for (let t = n; last[t]! > 0; t = last[t]!) changePoints.push(last[t]!);
  changePoints.reverse();
  const bounds = [0, ...changePoints, n];
  const means = bounds.slice(1).map((b, i) => (s1[b]! - s1[bounds[i]!]!) / (b - bounds[i]!));
  return { changePoints, means, cost: F[n]! };
}

/**
 * Robust noise scale of a series with level shifts: the median absolute first difference over
 * 0.6745 x sqrt(2) (differencing removes the level; the MAD ignores the few jumps). The estimator
 * used with PELT in the `changepoint` R package examples and by Fryzlewicz (2014, WBS).
 */
export function diffNoiseSigma(xs: readonly number[]): number {
  if (xs.length < 3) return 0;
  const d = xs
    .slice(1)
    .map((x, i) => Math.abs(x - xs[i]!))
    .sort((a, b) => a - b);
  const m = d.length;
  const median = m % 2 ? d[(m - 1) / 2]! : (d[m / 2 - 1]! + d[m / 2]!) / 2;
  return median / (0.6744897501960817 * Math.SQRT2);
}
