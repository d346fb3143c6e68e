import {
  allFinite,
  binReference,
  jensenShannon,
  jensenShannonBinned,
  ksDistanceOfMerge,
  ksTwoSample,
  mean,
  psi,
  psiBinned,
  standardDeviation,
  type SortedMerge,
  wasserstein1d,
  mergeSorted,
} from '../stats/index.ts';
import type { DetectorConfig, ThresholdSpec, WindowedId } from './detector-config.ts';

/** The statistic a windowed detector computes between the reference sample and a window; undefined when the data cannot support it. */
export function windowedStatistic(
  id: WindowedId,
  reference: readonly number[],
  window: readonly number[],
  bins: number,
): number | undefined {
  switch (id) {
    case 'ks': {
      // Asymptotic p-values: the exact method is quadratic and the threshold is calibrated anyway.
      const r = ksTwoSample(reference, window, { method: 'asymp' });
      return r.ok ? r.statistic : undefined;
    }
    case 'wasserstein': {
      // Residuals are already in reference-sd units, so this is the normed Wasserstein distance.
      const r = wasserstein1d(reference, window);
      return r.ok ? r.value : undefined;
    }
    case 'psi': {
      const r = psi(reference, window, { bins });
      return r.ok ? r.value : undefined;
    }
    case 'jensenShannon': {
      const r = jensenShannon(reference, window, { bins });
      return r.ok ? r.value : undefined;
    }
  }
}

/**
 * `windowedStatistic` of several detectors for one reference and many windows: the reference is
 * checked, sorted and binned once, each window is sorted once for all the detectors, and KS skips the
 * p-value the detector does not read. Returns the statistics in `ids` order; each is the number
 * `windowedStatistic` gives (windowed-detectors.test.ts).
 */
export function windowComparator(
  reference: readonly number[],
  bins: number,
  ids: readonly WindowedId[],
): (window: ArrayLike<number>) => Array<number | undefined> {
  const n = reference.length;
  // What the one-shot functions check first (sortedSamples, wasserstein1d, psi, jensenShannon): data they cannot use.
  if (n === 0 || !allFinite(reference)) return () => ids.map(() => undefined);
  const sortedReference = Float64Array.from(reference).sort();
  const binned = binReference(reference, bins);
  // KS and Wasserstein both come out of one walk over the sorted reference and window.
  const one = (id: WindowedId, window: ArrayLike<number>, merge: () => SortedMerge, m: number): number | undefined => {
    switch (id) {
      case 'ks': {
        if (n + m < 3 || (sortedReference[0] === sortedReference[n - 1] && allOne(window, sortedReference[0]!)))
          return undefined;
        return ksDistanceOfMerge(merge(), n, m).d;
      }
      case 'wasserstein':
        return merge().wasserstein;
      case 'psi':
        return psiBinned(binned, window).value;
      case 'jensenShannon': {
        const r = jensenShannonBinned(binned, window);
        return r.ok ? r.value : undefined;
      }
    }
  };
  return (window) => {
    if (window.length === 0 || !allFinite(window)) return ids.map(() => undefined);
    let walked: SortedMerge | undefined;
    const merge = () => (walked ??= mergeSorted(sortedReference, Float64Array.from(window).sort()));
    return ids.map((id) => one(id, window, merge, window.length));
  };
}

/** Every value of the sample equals `v` (the case KS has no answer for, when the reference is all `v` too). */
function allOne(sample: ArrayLike<number>, v: number): boolean {
  for (let i = 0; i < sample.length; i++) if (sample[i] !== v) return false;
  return true;
}

/** `count` evenly spaced quantiles ((i + 0.5) / count) of a sample: a compact stand-in for a large reference. */
export function quantileSketch(values: ArrayLike<number>, count: number): number[] {
  const sorted = Float64Array.from(values).sort();
  if (sorted.length <= count) return Array.from(sorted);
  const out = new Array<number>(count);
  for (let i = 0; i < count; i++)
    out[i] = sorted[Math.min(sorted.length - 1, Math.floor(((i + 0.5) / count) * sorted.length))]!;
  return out;
}

export interface Calibration {
  threshold: number;
  /** Mean and sd of the statistic over the reference windows (absent for a fixed threshold). */
  referenceMean?: number;
  referenceSd?: number;
  referenceWindows?: number;
}

/** Threshold for one windowed detector: fixed, or mean + k sd of its statistic over windows of the reference period. */
export function calibrateThreshold(spec: ThresholdSpec, referenceStats: readonly number[]): Calibration {
  if ('fixed' in spec) return { threshold: spec.fixed };
  if (referenceStats.length < 2)
    throw new Error(
      `cannot calibrate a threshold on ${referenceStats.length} reference window(s): lengthen referenceDays or shorten windowHours`,
    );
  const m = mean(referenceStats);
  const sd = standardDeviation(referenceStats);
  return {
    threshold: Math.max(spec.min, m + spec.k * sd),
    referenceMean: m,
    referenceSd: sd,
    referenceWindows: referenceStats.length,
  };
}

export interface WindowedRun {
  id: WindowedId;
  calibration: Calibration;
  /** Evaluation times (ms) and statistic values, monitoring period only. */
  times: number[];
  values: number[];
  /** Rising edges above the threshold: one alarm per excursion. */
  alarms: number[];
}

/**
 * Run the enabled windowed detectors over residuals: calibrate on the reference period, then
 * evaluate every `everyHours` on the last `windowHours`. Thresholds are calibrated on
 * `calibrationResiduals` (cross-validated reference residuals) against the in-sample reference. The per-chunk work is what keeps a
 * 43,200-step simulation fast: 24 evaluations a day instead of 1,440.
 */
export function runWindowedDetectors(
  residuals: Float64Array,
  calibrationResiduals: Float64Array,
  referenceSteps: number,
  stepMs: number,
  config: DetectorConfig,
): WindowedRun[] {
  const windowSteps = Math.max(2, Math.round((config.windowHours * 3_600_000) / stepMs));
  const everySteps = Math.max(1, Math.round((config.everyHours * 3_600_000) / stepMs));
  const reference = quantileSketch(residuals.subarray(0, referenceSteps), config.referenceQuantiles);
  const ids = (['ks', 'wasserstein', 'psi', 'jensenShannon'] as const).filter((id) => config[id].enabled);
  const compare = windowComparator(reference, config.bins, ids);
  // Window by window, the statistic of each detector (in `ids` order).
  const statistics = (from: Float64Array, ends: number[]) =>
    ends.map((end) => compare(from.subarray(end - windowSteps, end)));
  const calibrationEnds: number[] = [];
  for (let end = windowSteps; end <= referenceSteps; end += everySteps) calibrationEnds.push(end);
  const monitorEnds: number[] = [];
  for (let end = referenceSteps + everySteps; end <= residuals.length; end += everySteps) monitorEnds.push(end);
  const calibrationStats = statistics(calibrationResiduals, calibrationEnds);
  const monitorStats = statistics(residuals, monitorEnds);
  return ids.map((id, d): WindowedRun => {
    const refStats: number[] = [];
    for (const row of calibrationStats) {
      const v = row[d];
      if (v !== undefined) refStats.push(v);
    }
    const calibration = calibrateThreshold(config[id].threshold, refStats);
    const run: WindowedRun = { id, calibration, times: [], values: [], alarms: [] };
    let above = false;
    monitorEnds.forEach((end, w) => {
      const v = monitorStats[w]![d];
      if (v === undefined) return;
      const t = end * stepMs;
      run.times.push(t);
      run.values.push(v);
      const isAbove = v > calibration.threshold;
      if (isAbove && !above) run.alarms.push(t);
      above = isAbove;
    });
    return run;
  });
}
