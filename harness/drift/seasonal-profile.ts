import { DAY_MS, HOUR_MS } from './generate-stream.ts';

/**
 * An additive seasonal profile fitted on the reference period: overall mean + hour-of-day effect +
 * day-of-week effect, each read between bin centres by linear interpolation (so a smooth cycle
 * leaves no saw-tooth). Detectors watch the residual `(x - profile(t)) / sd`, so daily and weekly
 * cycles already present in the reference never look like drift. 24 + 7 numbers need far less data
 * each than an hour-of-week profile (168 numbers, 60 values each from a 7-day reference), so the
 * profile's own noise stays well below the shifts to detect.
 */
export interface SeasonalProfile {
  mean: number;
  /** Standard deviation of the reference residuals. */
  sd: number;
  hourOfDay: Float64Array;
  dayOfWeek: Float64Array;
  /** Residual in reference sd. */
  residual(tMs: number, x: number): number;
}

export interface FitOptions {
  /** Model hour-of-day and day-of-week cycles (default true); false: mean and sd only. */
  seasonal?: boolean;
  /** Leave steps [from, to) out of the hour-of-day fit (for cross-validated calibration). */
  exclude?: { from: number; to: number };
}

/** Circular linear interpolation between bin centres. */
function interpolate(bins: Float64Array, position: number): number {
  const n = bins.length;
  const p = position - 0.5;
  const lo = Math.floor(p);
  const f = p - lo;
  const a = bins[((lo % n) + n) % n]!;
  const b = bins[(((lo + 1) % n) + n) % n]!;
  return a + f * (b - a);
}

/** Fit on values[0..n) observed every stepMs from t=0. The day-of-week part needs a full week; with less, only hour-of-day. */
export function fitSeasonalProfile(
  values: ArrayLike<number>,
  n: number,
  stepMs: number,
  options: FitOptions = {},
): SeasonalProfile {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i]!;
  const mean = sum / n;
  const hourOfDay = new Float64Array(24);
  const dayOfWeek = new Float64Array(7);
  const seasonal = options.seasonal ?? true;
  const ex = options.exclude ?? { from: 0, to: 0 };
  const hod = (t: number) => interpolate(hourOfDay, (t / HOUR_MS) % 24);
  const dow = (t: number) => interpolate(dayOfWeek, (t / DAY_MS) % 7);
  if (seasonal) {
    const hSum = new Float64Array(24);
    const hN = new Float64Array(24);
    for (let i = 0; i < n; i++) {
      if (i >= ex.from && i < ex.to) continue;
      const h = Math.floor((i * stepMs) / HOUR_MS) % 24;
      hSum[h]! += values[i]! - mean;
      hN[h]!++;
    }
    for (let h = 0; h < 24; h++) hourOfDay[h] = hN[h] ? hSum[h]! / hN[h]! : 0;
    if (n * stepMs >= 7 * DAY_MS) {
      const dSum = new Float64Array(7);
      const dN = new Float64Array(7);
      for (let i = 0; i < n; i++) {
        const t = i * stepMs;
        const d = Math.floor(t / DAY_MS) % 7;
        dSum[d]! += values[i]! - mean - hod(t);
        dN[d]!++;
      }
      for (let d = 0; d < 7; d++) dayOfWeek[d] = dN[d] ? dSum[d]! / dN[d]! : 0;
    }
  }
  const fitted = seasonal ? (t: number) => mean + hod(t) + dow(t) : () => mean;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const r = values[i]! - fitted(i * stepMs);
    ss += r * r;
  }
  const sd = Math.sqrt(ss / Math.max(1, n - 1)) || 1;
  return { mean, sd, hourOfDay, dayOfWeek, residual: (t, x) => (x - fitted(t)) / sd };
}

/**
 * Residuals of the reference period as they would look out of sample: each day's residuals come
 * from a profile whose hour-of-day part was fitted without that day. Thresholds calibrated on these
 * include the profile's own estimation noise, which in-sample residuals hide (they made the
 * windowed statistics look ~30% calmer in the reference than after it).
 */
export function crossValidatedResiduals(
  values: ArrayLike<number>,
  n: number,
  stepMs: number,
  options: Pick<FitOptions, 'seasonal'> = {},
): Float64Array {
  const out = new Float64Array(n);
  const perDay = Math.max(1, Math.round(DAY_MS / stepMs));
  for (let from = 0; from < n; from += perDay) {
    const to = Math.min(n, from + perDay);
    const p = fitSeasonalProfile(values, n, stepMs, { ...options, exclude: { from, to } });
    for (let i = from; i < to; i++) out[i] = p.residual(i * stepMs, values[i]!);
  }
  return out;
}
