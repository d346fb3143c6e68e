import { Cusum } from '../../harness/stats/cusum.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface DriftMonitorOptions {
  /** Ticks whose residuals calibrate the CUSUM (after the first day, and again after each detection). Default 24. */
  warmupTicks?: number;
  /** CUSUM slack and decision threshold in residual standard deviations. Defaults 0.5 and 8. */
  k?: number;
  h?: number;
}

/**
 * The reference system's own drift monitor (what its autopilot-health view counts as drift detections,
 * apart from the detectors the drift suite scores): it learns the hour-of-day profile of its input over
 * its first day, then runs a two-sided tabular CUSUM (harness/stats/cusum.ts) on each tick's residual
 * (input minus that hour's profile), standardised by the residuals of the next `warmupTicks` ticks.
 * After a detection the CUSUM warms up again around the new level, so a lasting shift counts once and
 * a creeping drift once per step of about h standard deviations.
 */
export class DriftMonitor {
  readonly #profile = new Map<number, { sum: number; n: number }>();
  readonly #cusum: Cusum;
  #start: number | undefined;
  #detections = 0;

  constructor(o: DriftMonitorOptions = {}) {
    this.#cusum = new Cusum({ k: o.k ?? 0.5, h: o.h ?? 8, warmup: o.warmupTicks ?? 24 });
  }

  /** Feed one tick's mean input at `nowMs`; the direction of a detection, else undefined. */
  update(nowMs: number, input: number): 'up' | 'down' | undefined {
    if (!Number.isFinite(input)) return undefined;
    this.#start ??= nowMs;
    const hour = Math.floor((((nowMs % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS);
    if (nowMs - this.#start < DAY_MS) {
      const h = this.#profile.get(hour) ?? { sum: 0, n: 0 };
      this.#profile.set(hour, { sum: h.sum + input, n: h.n + 1 });
      return undefined;
    }
    const h = this.#profile.get(hour);
    const all = [...this.#profile.values()];
    const base = h
      ? h.sum / h.n
      : all.reduce((a, x) => a + x.sum, 0) /
        Math.max(
          1,
          all.reduce((a, x) => a + x.n, 0),
        );
    if (!this.#cusum.update(input - base)) return undefined;
    const direction = this.#cusum.lastAlarm;
    this.#cusum.reset();
    this.#detections++;
    return direction;
  }

  /** Detections so far. */
  get detections(): number {
    return this.#detections;
  }
}
