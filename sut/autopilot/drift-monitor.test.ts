import { describe, expect, it } from 'vitest';
import { createRng } from '../../harness/core/rng.ts';
import { DriftMonitor } from './drift-monitor.ts';

const HOUR = 3_600_000;

/** Hourly ticks of a daily sine (amplitude 3 sd) plus N(0, 1) noise, shifted by `shift(hour)`. */
function run(seed: number, days: number, shift: (hour: number) => number = () => 0) {
  const rng = createRng(seed);
  const m = new DriftMonitor();
  const at: number[] = [];
  for (let i = 0; i < days * 24; i++) {
    const x = 10 + 3 * Math.sin((2 * Math.PI * i) / 24) + rng.normal() + shift(i);
    if (m.update(i * HOUR, x)) at.push(i);
  }
  return { at, detections: m.detections };
}

describe('the reference system drift monitor', () => {
  it('stays quiet on a seasonal stream without drift', () => {
    const detections = [1, 2, 3, 4, 5].map((s) => run(s, 30).detections);
    expect(detections.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1); // 5 x 30 days of hourly ticks
  });

  it('detects a lasting 2-sd shift within a day, once, and a later shift back again', () => {
    const r = run(7, 20, (h) => (h >= 5 * 24 && h < 12 * 24 ? 2 : 0));
    expect(r.at.length).toBe(2);
    expect(r.at[0]).toBeGreaterThanOrEqual(5 * 24);
    expect(r.at[0]).toBeLessThan(6 * 24);
    expect(r.at[1]).toBeGreaterThanOrEqual(12 * 24);
    expect(r.at[1]).toBeLessThan(13 * 24);
  });
});
