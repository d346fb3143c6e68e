/**
 * The most recent level shift of a metric's history, as a reader wants it: where it started, the
 * level before and after, and the relative change. PELT on the log of the values (so a shift is a
 * ratio, as run-to-run noise of timings is) with penalty = factor x sigma^2 x ln(n), sigma the
 * robust noise scale of the series (the BIC-type penalty of Killick et al. 2012, scaled by a
 * factor calibrated on synthetic histories: docs/calibration/change-points.md).
 */
import { diffNoiseSigma, peltMeanShift } from './change-points.ts';

export interface ShiftOptions {
  /** Penalty factor (x sigma^2 x ln n). Default 6 (docs/calibration/change-points.md). */
  penaltyFactor?: number;
  /** Fewest runs on each side of a shift. Default 4. */
  minSize?: number;
  /** Only report a shift that starts within the last `window` points. Default 30. */
  window?: number;
  /** Smaller relative changes are not reported, however significant. Default 0.02 (2%). */
  minRelativeChange?: number;
  /** Noise scale floor on the log scale (a perfectly steady series still has rounding). Default 0.001. */
  minSigma?: number;
}

export interface LevelShift {
  /** Index of the first point at the new level. */
  index: number;
  /** Points from index to the end of the series. */
  runsSince: number;
  /** Level (geometric mean for positive series, mean otherwise) of the segments before and after. */
  before: number;
  after: number;
  /** after / before - 1 (positive series), or (after - before) / |before| otherwise. */
  relativeChange: number;
}

/** Every level shift of `values` (oldest first), each with the levels of the segments either side. */
export function levelShifts(
  values: readonly number[],
  options: Pick<ShiftOptions, 'penaltyFactor' | 'minSize' | 'minSigma'> = {},
): LevelShift[] {
  const minSize = options.minSize ?? 4;
  if (values.length < 2 * minSize) return [];
  const positive = values.every((v) => v > 0);
  const xs = positive ? values.map(Math.log) : [...values];
  const scale = positive ? 1 : values.reduce((m, v) => Math.max(m, Math.abs(v)), 1e-12);
  const sigma = Math.max(diffNoiseSigma(xs), (options.minSigma ?? 0.001) * scale);
  const penalty = (options.penaltyFactor ?? 6) * sigma * sigma * Math.log(xs.length);
  const seg = peltMeanShift(xs, { penalty, minSize });
  return seg.changePoints.map((index, i) => {
    const before = positive ? Math.exp(seg.means[i]!) : seg.means[i]!;
    const after = positive ? Math.exp(seg.means[i + 1]!) : seg.means[i + 1]!;
    const relativeChange = positive
      ? after / before - 1
      : before === 0
        ? after === 0
          ? 0
          : Math.sign(after) * Infinity
        : (after - before) / Math.abs(before);
    return { index, runsSince: values.length - index, before, after, relativeChange };
  });
}

/** The latest level shift in `values` (oldest first) within the last `window` points, if any. */
export function latestLevelShift(values: readonly number[], options: ShiftOptions = {}): LevelShift | undefined {
  const last = levelShifts(values, options).at(-1);
  if (!last || last.runsSince > (options.window ?? 30)) return undefined;
  return Math.abs(last.relativeChange) >= (options.minRelativeChange ?? 0.02) ? last : undefined;
}
