import { Adwin, Cusum, PageHinkley } from '../stats/index.ts';
import type { DetectorConfig, StreamingId } from './detector-config.ts';

/** A streaming detector fed one residual (in reference sd) at a time. */
export interface StreamingMonitor {
  id: StreamingId;
  /** Alarm threshold on the scale of `statistic` (NaN when the detector has no single threshold). */
  threshold: number;
  /** Feed one value; true when the detector signals drift (it restarts itself as the statistics core defines). */
  update(x: number): boolean;
  /** Current statistic for charts; NaN when the detector does not expose one. */
  statistic(): number;
}

/**
 * The enabled streaming detectors, from the statistics core. They see residuals already in
 * reference-sd units, so CUSUM runs with target 0 and sigma 1 and its k and h are in sd; Page-Hinkley's
 * delta and lambda are in sd too; ADWIN needs no scale.
 */
export function createStreamingMonitors(config: DetectorConfig): StreamingMonitor[] {
  const out: StreamingMonitor[] = [];
  if (config.pageHinkley.enabled) {
    const ph = new PageHinkley({
      delta: config.pageHinkley.delta,
      lambda: config.pageHinkley.threshold,
      direction: 'both',
    });
    // The core keeps Page-Hinkley's cumulative sums private, so its chart shows alarms only.
    out.push({
      id: 'pageHinkley',
      threshold: config.pageHinkley.threshold,
      update: (x) => ph.update(x),
      statistic: () => Number.NaN,
    });
  }
  if (config.cusum.enabled) {
    const cusum = new Cusum({ target: 0, sigma: 1, k: config.cusum.k, h: config.cusum.h });
    out.push({
      id: 'cusum',
      threshold: config.cusum.h,
      update: (x) => cusum.update(x),
      statistic: () => Math.max(cusum.upper, cusum.lower),
    });
  }
  if (config.adwin.enabled) {
    const adwin = new Adwin({ delta: config.adwin.delta });
    // ADWIN has no threshold on a statistic: it cuts its window when two halves differ. Its chart shows the window width.
    out.push({ id: 'adwin', threshold: Number.NaN, update: (x) => adwin.update(x), statistic: () => adwin.width });
  }
  return out;
}
