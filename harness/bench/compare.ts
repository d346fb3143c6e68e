/**
 * Deciding whether a benchmark got slower: a hierarchical bootstrap of a ratio of location estimates.
 *
 * Data: K process-level repetitions per side; each repetition is a fixed-size quantile sketch of
 * its latency samples plus the 10th-percentile latency of the calibration workload measured in
 * the same process. A repetition's value is a low quantile of its latencies (`location`, default
 * the 10th percentile) divided by its side's calibration figure (the median over the side's
 * repetitions: one repetition's calibration can be hit by a burst of load that its benchmarks
 * miss, so a per-repetition divisor adds noise). A low quantile, not the mean or the median:
 * CPU contention on a shared runner only ever adds time, so the fast end of the distribution is
 * where the code's own cost shows and the noise is smallest (on this 2-core machine shared by 8
 * users, the between-process spread of the median of "select 10,000" was ~45%, of the 10th
 * percentile ~6%), while a real slowdown of the code moves every quantile. The calibration
 * divisor makes a baseline from another machine comparable. The statistic is
 * the difference of the mean log values of the two sides: the log of the ratio of geometric
 * means over repetitions (a median over only 5-10 repetitions resamples badly: the bootstrap
 * distribution of a median of K values takes K lumpy values).
 *
 * One bootstrap resample (Davison & Hinkley 1997, §3.8, two-stage resampling for clustered data):
 *  1. resample repetitions with replacement on each side (pairs together when the design is paired,
 *     as in `--against`), which carries the between-process variance;
 *  2. within each drawn repetition, redraw its location: the p-quantile of n resampled points is
 *     the empirical quantile at U ~ Beta(np, n(1-p)) ≈ N(p, p(1-p)/(n+2)), read off the sketch.
 * Bootstrap deviations are widened by sqrt(K/(K-1)) (the plug-in bootstrap variance of a mean
 * over K clusters is (K-1)/K of the unbiased one) and by t_df(1-a)/z(1-a) at the decision level
 * a = alpha/m, df = Kb + Kh - 2: with 5-10 repetitions a percentile bootstrap behaves like a
 * z-interval and is far too narrow in the alpha/m tail (one-sided 0.33% nominal is ~1.3% at df 8).
 * The one-sided p-value of "no slowdown" is the share of deviations at least as far as the
 * observed log ratio; p-values of all benchmarks are Holm-adjusted (suite-wide error rate alpha).
 */
import { holm, median, normalQuantile, standardDeviation, tSf } from '../stats/index.ts';
import { sketchQuantile } from './sketch.ts';
import { gaussianSource } from '../core/rng.ts';

export interface RepetitionSummary {
  n: number;
  mean: number;
  q: number[];
  cal: number;
}

export interface CompareOptions {
  /** Bootstrap resamples. */
  resamples: number;
  /** Seeded uniform [0, 1) source. */
  random: () => number;
  /** Divide by the same-process calibration median. */
  normalize: boolean;
  /** Which quantile of a repetition's latencies stands for it (0.5 = its median). */
  location: number;
  /** base[i] and head[i] were measured as a pair (interleaved runs): resample pairs together. */
  paired: boolean;
  /** One-sided level the decision uses (alpha/m): sets the small-sample t widening. */
  level: number;
}

export interface RatioEstimate {
  /** Head median / base median (normalised when asked). > 1 is slower. */
  ratio: number;
  /** One-sided p-value of "head is not slower than base". */
  pSlower: number;
  /** One-sided p-value of "head is not faster than base". */
  pFaster: number;
  /** Bootstrap standard error of log(ratio). */
  seLog: number;
  /** Sorted bootstrap deviations of log(ratio) around the estimate (for any confidence level). */
  deviations: Float64Array;
  /** Between-repetition spread of each side: standard deviation of log(value) over repetitions. */
  noiseBase: number;
  noiseHead: number;
}

/** Observed log ratio and its hierarchical bootstrap (see the file comment). */
export function bootstrapLogRatio(
  base: readonly RepetitionSummary[],
  head: readonly RepetitionSummary[],
  o: CompareOptions,
): RatioEstimate {
  if (base.length === 0 || head.length === 0)
    throw new RangeError('bootstrapLogRatio needs at least one repetition per side');
  if (o.paired && base.length !== head.length)
    throw new RangeError('paired comparison needs as many base as head repetitions');
  const p = o.location;
  const calB = o.normalize ? median(base.map((r) => r.cal)) : 1;
  const calH = o.normalize ? median(head.map((r) => r.cal)) : 1;
  const bv = base.map((r) => sketchQuantile(r.q, p) / calB);
  const hv = head.map((r) => sketchQuantile(r.q, p) / calH);
  const logMean = (v: ArrayLike<number>) => {
    let s = 0;
    for (let i = 0; i < v.length; i++) s += Math.log(v[i]!);
    return s / v.length;
  };
  const observed = logMean(hv) - logMean(bv);
  const kb = base.length;
  const kh = head.length;
  const k = Math.min(kb, kh);
  const df = Math.max(1, o.paired ? k - 1 : kb + kh - 2);
  const widen = Math.sqrt(k / Math.max(1, k - 1)) * (tQuantile(1 - o.level, df) / normalQuantile(1 - o.level));
  const gauss = gaussianSource(o.random);
  const drawRep = (r: RepetitionSummary, cal: number): number => {
    let u = p + gauss() * Math.sqrt((p * (1 - p)) / (r.n + 2));
    u = Math.min(1, Math.max(0, u));
    return sketchQuantile(r.q, u) / cal;
  };
  const bufB = new Float64Array(kb);
  const bufH = new Float64Array(kh);
  const dev = new Float64Array(o.resamples);
  for (let b = 0; b < o.resamples; b++) {
    for (let i = 0; i < kb; i++) {
      const j = Math.floor(o.random() * kb);
      bufB[i] = drawRep(base[j]!, calB);
      if (o.paired) bufH[i] = drawRep(head[j]!, calH);
    }
    if (!o.paired) for (let i = 0; i < kh; i++) bufH[i] = drawRep(head[Math.floor(o.random() * kh)]!, calH);
    dev[b] = (logMean(bufH) - logMean(bufB) - observed) * widen;
  }
  dev.sort();
  let atOrBelow = 0;
  let atOrAbove = 0;
  for (const d of dev) {
    if (d <= -observed) atOrBelow++;
    if (d >= -observed) atOrAbove++;
  }
  const logs = (v: number[]) => (v.length > 1 ? standardDeviation(v.map(Math.log)) : 0);
  return {
    ratio: Math.exp(observed),
    // Percentile-interval inversion: the lower bound at level a exceeds 0 iff P*(dev <= -observed) < a.
    pSlower: (1 + atOrBelow) / (o.resamples + 1),
    pFaster: (1 + atOrAbove) / (o.resamples + 1),
    seLog: standardDeviation(Array.from(dev)),
    deviations: dev,
    noiseBase: logs(bv),
    noiseHead: logs(hv),
  };
}

/**
 * Confidence bounds of the ratio: each bound is one-sided at `level` (e.g. 1 - alpha/m). The
 * bounds are order statistics of the same deviations the p-values count, chosen so that the
 * lower bound exceeds 1 exactly when pSlower < 1 - level (and the upper is below 1 exactly when
 * pFaster < 1 - level): with pSlower = (1 + c)/(R + 1), c = #{dev <= -observed}, the condition
 * is c <= j for j = ceil(a (R + 1)) - 2, i.e. dev[j] > -observed.
 */
export function ratioBounds(e: RatioEstimate, level: number): { lower: number; upper: number } {
  const dev = e.deviations;
  const r = dev.length;
  const j = Math.ceil((1 - level) * (r + 1) - 1e-9) - 2;
  if (j < 0) return { lower: 0, upper: Infinity }; // too few resamples to say anything at this level
  const log = Math.log(e.ratio);
  return { lower: Math.exp(log + dev[j]!), upper: Math.exp(log + dev[r - 1 - j]!) };
}

/**
 * Minimum detectable slowdown (fraction): the true slowdown that would be flagged with the given
 * power at one-sided level `a`, given the bootstrap standard error, and that also clears the
 * tolerance. Normal approximation on the log scale.
 */
export function minimumDetectableEffect(seLog: number, a: number, tolerance: number, power = 0.8): number {
  const zA = normalQuantile(1 - a);
  const zP = normalQuantile(power);
  return Math.max(Math.exp((zA + zP) * seLog), (1 + tolerance) * Math.exp(zP * seLog)) - 1;
}

export interface BenchDecisionInput {
  id: string;
  estimate: RatioEstimate;
  tolerance: number;
  threshold: number;
}

export interface BenchDecision {
  id: string;
  /** Holm-adjusted p-value of "not slower". */
  pAdjusted: number;
  change: 'regressed' | 'improved' | 'unchanged';
  /** One-sided bounds of the ratio, each at the level its Holm step tested (see decide). */
  lower: number;
  upper: number;
  /** The one-sided levels the bounds are at (alpha / (m - step)). */
  lowerLevel: number;
  upperLevel: number;
  /** Minimum detectable slowdown as a fraction. */
  mde: number;
}

/**
 * Holm's step-down procedure (Holm 1979) carried out on the confidence bounds themselves, so that
 * the bounds shown and the decision always agree: benchmarks in order of their p-values, step r
 * (0-based) tests at a = alpha/(m - r) whether the lower bound at level 1 - a exceeds 1, and the
 * procedure stops at the first that does not. A benchmark Holm reaches shows its bound at its own
 * step's level (excluding 1 when rejected); one after the stop shows its bound at the stopping
 * step's level, which includes 1 (its p-value is no smaller than the one that stopped it).
 * Returns, per input, whether the bound excludes 1 and the level it was taken at.
 */
function holmOnBounds(
  estimates: readonly RatioEstimate[],
  alpha: number,
  side: 'slower' | 'faster',
): Array<{ credible: boolean; level: number; bound: number }> {
  const m = estimates.length;
  const p = (e: RatioEstimate) => (side === 'slower' ? e.pSlower : e.pFaster);
  const order = estimates.map((_, i) => i).sort((a, b) => p(estimates[a]!) - p(estimates[b]!) || a - b);
  const out = new Array<{ credible: boolean; level: number; bound: number }>(m);
  let stopLevel: number | undefined;
  for (let r = 0; r < m; r++) {
    const i = order[r]!;
    const a = stopLevel ?? alpha / (m - r);
    const b = ratioBounds(estimates[i]!, 1 - a);
    const bound = side === 'slower' ? b.lower : b.upper;
    const credible = stopLevel === undefined && (side === 'slower' ? bound > 1 : bound < 1);
    if (stopLevel === undefined && !credible) stopLevel = a;
    out[i] = { credible, level: a, bound };
  }
  return out;
}

/**
 * The suite-wide decision: a benchmark regressed when Holm's procedure over all m benchmarks finds
 * its slowdown credible (family-wise error rate alpha) and the estimated slowdown exceeds its
 * tolerance. The bounds shown are the ones Holm's steps tested (holmOnBounds), so a bound that
 * includes 1 never stands next to a "credible" decision.
 */
export function decide(inputs: readonly BenchDecisionInput[], alpha: number): BenchDecision[] {
  const m = inputs.length;
  const estimates = inputs.map((x) => x.estimate);
  const slowerAdjusted = holm(estimates.map((e) => e.pSlower));
  const slower = holmOnBounds(estimates, alpha, 'slower');
  const faster = holmOnBounds(estimates, alpha, 'faster');
  return inputs.map((x, i) => {
    let change: BenchDecision['change'] = 'unchanged';
    if (slower[i]!.credible && x.estimate.ratio > 1 + x.tolerance) change = 'regressed';
    else if (faster[i]!.credible && x.estimate.ratio < 1 / (1 + x.tolerance)) change = 'improved';
    return {
      id: x.id,
      pAdjusted: slowerAdjusted[i]!,
      change,
      lower: slower[i]!.bound,
      upper: faster[i]!.bound,
      lowerLevel: slower[i]!.level,
      upperLevel: faster[i]!.level,
      mde: minimumDetectableEffect(x.estimate.seLog, alpha / Math.max(1, m), x.tolerance),
    };
  });
}

/** Resamples enough to resolve p-values at alpha/m: at least 20 draws beyond the Bonferroni cut. */
export function resamplesFor(m: number, alpha: number, atLeast: number): number {
  return Math.min(200_000, Math.max(atLeast, Math.ceil((20 * Math.max(1, m)) / alpha)));
}

/** Student t quantile by bisection on the survival function (the stats core has tSf, not its inverse). */
export function tQuantile(p: number, df: number): number {
  if (p === 0.5) return 0;
  if (p < 0.5) return -tQuantile(1 - p, df);
  let lo = 0;
  let hi = 1;
  while (tSf(hi, df) > 1 - p) hi *= 2;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (tSf(mid, df) > 1 - p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
