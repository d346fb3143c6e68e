import { mean, quantileSorted } from './descriptive.ts';
import { normalCdf, normalQuantile } from './distributions.ts';
import { medianInPlace } from './select.ts';
import { allFinite, notEnoughData, type NotEnoughData } from './types.ts';

/** A statistic of one sample; 'mean' and 'median' take fast paths. The function may reorder its argument. */
export type SampleStatistic = 'mean' | 'median' | ((sample: Float64Array) => number);

export interface BootstrapOptions {
  /** 'percentile' or 'bca' (bias-corrected and accelerated, Efron 1987), default 'bca'. */
  method?: 'percentile' | 'bca';
  /** Number of resamples, default 9999 (scipy's default). */
  resamples?: number;
  /** Two-sided confidence level, default 0.95. */
  confidence?: number;
  /** Uniform [0, 1) source, e.g. createRng(seed).float: the only randomness. */
  random: () => number;
}

export type BootstrapResult =
  | {
      ok: true;
      estimate: number;
      lower: number;
      upper: number;
      standardError: number;
      method: 'percentile' | 'bca';
      resamples: number;
    }
  | NotEnoughData;

function statisticFn(statistic: SampleStatistic): (s: Float64Array) => number {
  if (statistic === 'mean')
    return (s) => {
      let t = 0;
      for (let i = 0; i < s.length; i++) t += s[i]!;
      return t / s.length;
    };
  if (statistic === 'median') return medianInPlace;
  return statistic;
}

/**
 * A function drawing one resample of `data` (n draws of data[floor(random() n)], as resampleInto) and
 * returning its median: the same value medianInPlace gives on that resample, found by counting how often
 * each rank of the sorted data is drawn (O(n) per resample, no comparisons) instead of a selection.
 */
function resampledMedian(data: Float64Array): (random: () => number) => number {
  const n = data.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => data[a]! - data[b]!);
  const sorted = new Float64Array(n);
  const rankOf = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    sorted[r] = data[order[r]!]!;
    rankOf[order[r]!] = r;
  }
  const counts = new Int32Array(n);
  const h = (n - 1) >> 1; // 0-based index of the (lower) middle value, as medianInPlace
  return (random) => {
    for (let i = 0; i < n; i++) counts[rankOf[Math.floor(random() * n)]!]!++;
    let r = 0;
    let below = 0; // values drawn with rank < r
    while (below + counts[r]! <= h) below += counts[r++]!;
    const lo = sorted[r]!;
    let value = lo;
    if (n % 2 === 0) {
      let r2 = r;
      if (below + counts[r]! <= h + 1)
        do r2++;
        while (counts[r2] === 0);
      const hi = sorted[r2]!;
      value = lo + (hi - lo) / 2;
    }
    counts.fill(0);
    return value;
  };
}

function resampleInto(out: Float64Array, data: Float64Array, random: () => number): Float64Array {
  const n = data.length;
  for (let i = 0; i < out.length; i++) out[i] = data[Math.floor(random() * n)]!;
  return out;
}

/** Jackknife values of a statistic: theta with each observation left out in turn. */
function jackknife(data: Float64Array, fn: (s: Float64Array) => number): Float64Array {
  const n = data.length;
  const out = new Float64Array(n);
  const buf = new Float64Array(n - 1);
  for (let i = 0; i < n; i++) {
    let t = 0;
    for (let j = 0; j < n; j++) if (j !== i) buf[t++] = data[j]!;
    out[i] = fn(buf);
  }
  return out;
}

/** Jackknife acceleration over one or more samples, scipy.stats.bootstrap's _bca_interval formula. */
function acceleration(jacks: Float64Array[]): number {
  let num = 0;
  let den = 0;
  for (const theta of jacks) {
    const n = theta.length;
    const dot = mean(Array.from(theta));
    for (let i = 0; i < n; i++) {
      const u = (n - 1) * (dot - theta[i]!);
      num += (u * u * u) / (n * n * n);
      den += (u * u) / (n * n);
    }
  }
  return den > 0 ? num / (6 * den ** 1.5) : 0;
}

/** Turn a bootstrap distribution into the interval (scipy.stats.bootstrap: percentiles by numpy 'linear'). */
function interval(
  thetaB: Float64Array,
  thetaHat: number,
  confidence: number,
  method: 'percentile' | 'bca',
  jacks: () => Float64Array[],
): BootstrapResult {
  const alpha = (1 - confidence) / 2;
  const b = thetaB.length;
  const sorted = thetaB.slice().sort();
  if (sorted[0] === sorted[b - 1])
    return notEnoughData('degenerate bootstrap distribution (all resampled statistics equal)');
  let m = 0;
  for (let i = 0; i < b; i++) m += thetaB[i]!;
  m /= b;
  let ss = 0;
  for (let i = 0; i < b; i++) ss += (thetaB[i]! - m) ** 2;
  const standardError = Math.sqrt(ss / (b - 1));
  let a1 = alpha;
  let a2 = 1 - alpha;
  if (method === 'bca') {
    let below = 0;
    let atOrBelow = 0;
    for (let i = 0; i < b; i++) {
      if (thetaB[i]! < thetaHat) below++;
      if (thetaB[i]! <= thetaHat) atOrBelow++;
    }
    const z0 = normalQuantile((below + atOrBelow) / (2 * b));
    if (!Number.isFinite(z0))
      return notEnoughData('BCa undefined: the estimate lies outside the bootstrap distribution');
    const a = acceleration(jacks());
    const za = normalQuantile(alpha);
    const n1 = z0 + za;
    const n2 = z0 - za;
    a1 = normalCdf(z0 + n1 / (1 - a * n1));
    a2 = normalCdf(z0 + n2 / (1 - a * n2));
    if (!(a1 >= 0 && a2 <= 1)) return notEnoughData('BCa undefined: acceleration out of range');
  }
  return {
    ok: true,
    estimate: thetaHat,
    lower: quantileSorted(sorted, a1),
    upper: quantileSorted(sorted, a2),
    standardError,
    method,
    resamples: b,
  };
}

/**
 * Bootstrap confidence interval for a one-sample statistic (percentile or BCa as scipy.stats.bootstrap,
 * its jackknife acceleration and bias correction). Deterministic given `random`.
 */
export function bootstrapCI(
  data: readonly number[],
  statistic: SampleStatistic,
  options: BootstrapOptions,
): BootstrapResult {
  const { method = 'bca', resamples = 9999, confidence = 0.95, random } = options;
  const n = data.length;
  if (n < 2) return notEnoughData(`n=${n}`);
  if (!allFinite(data)) return notEnoughData('non-finite values');
  if (!(confidence > 0 && confidence < 1) || resamples < 2)
    return notEnoughData(`confidence=${confidence}, resamples=${resamples}`);
  const x = Float64Array.from(data);
  const fn = statisticFn(statistic);
  const thetaHat = fn(x.slice());
  const thetaB = new Float64Array(resamples);
  if (statistic === 'median') {
    const draw = resampledMedian(x);
    for (let r = 0; r < resamples; r++) thetaB[r] = draw(random);
  } else {
    const buf = new Float64Array(n);
    for (let r = 0; r < resamples; r++) thetaB[r] = fn(resampleInto(buf, x, random));
  }
  return interval(thetaB, thetaHat, confidence, method, () => [jackknife(x, fn)]);
}

/**
 * Bootstrap interval for median(x) / median(y), resampling x and y independently (two-sample BCa:
 * jackknife over each sample, as scipy.stats.bootstrap with two samples). Use for latency ratios.
 */
export function bootstrapRatioOfMediansCI(
  x: readonly number[],
  y: readonly number[],
  options: BootstrapOptions,
): BootstrapResult {
  const { method = 'bca', resamples = 9999, confidence = 0.95, random } = options;
  if (x.length < 2 || y.length < 2) return notEnoughData(`n1=${x.length}, n2=${y.length}`);
  if (!allFinite(x) || !allFinite(y)) return notEnoughData('non-finite values');
  const xs = Float64Array.from(x);
  const ys = Float64Array.from(y);
  const my = medianInPlace(ys.slice());
  if (my === 0) return notEnoughData('median of the second sample is 0');
  const thetaHat = medianInPlace(xs.slice()) / my;
  const drawX = resampledMedian(xs);
  const drawY = resampledMedian(ys);
  const thetaB = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    const d = drawY(random);
    const nmr = drawX(random);
    thetaB[r] = d === 0 ? (nmr === 0 ? 1 : Infinity) : nmr / d;
  }
  if (!thetaB.every(Number.isFinite)) return notEnoughData('a resampled median of the second sample is 0');
  const my0 = my;
  const mx0 = medianInPlace(xs.slice());
  return interval(thetaB, thetaHat, confidence, method, () => [
    jackknife(xs, medianInPlace).map((v) => v / my0),
    jackknife(ys, medianInPlace).map((v) => mx0 / v),
  ]);
}
