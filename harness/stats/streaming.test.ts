import { describe, it, expect } from 'vitest';
import { createRng } from '../core/rng.ts';
import { Adwin, Cusum, LatencyHistogram, PageHinkley, bootstrapCI, quantile } from './index.ts';
import { loadFixture } from './__fixtures__/helpers.ts';

const shiftStream = (seed: number, n: number, at: number, shift: number): number[] => {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, i) => (i >= at ? shift : 0) + rng.normal());
};
const firstAlarm = (d: { update(x: number): boolean }, xs: number[]): number => xs.findIndex((x) => d.update(x));

describe('change detectors', () => {
  // CUSUM h = 8 (two-sided in-control ARL in the thousands); the default h = 5 has ARL ~ 235 and would false-alarm in 1500 points.
  it('Page-Hinkley, CUSUM and ADWIN detect a 1-sigma upward and downward shift soon after it, and not before', () => {
    for (const shift of [1, -1]) {
      const xs = shiftStream(21, 3000, 1500, shift);
      const make = [
        () => new PageHinkley({ delta: 0.1, lambda: 50 }),
        () => new Cusum({ target: 0, sigma: 1, h: 8 }),
        () => new Adwin(),
      ];
      for (const m of make) {
        const at = firstAlarm(m(), xs);
        expect(at, `${m().constructor.name} shift ${shift}`).toBeGreaterThanOrEqual(1500);
        expect(at).toBeLessThan(1700);
      }
    }
  });

  it('reset() forgets the stream; a stationary stream raises few alarms', () => {
    const xs = shiftStream(22, 5000, Infinity, 0);
    const a = new Adwin();
    expect(xs.filter((x) => a.update(x)).length).toBeLessThanOrEqual(1);
    a.reset();
    expect(a.width).toBe(0);
    const p = new PageHinkley({ delta: 0.1, lambda: 50, direction: 'up' });
    expect(xs.filter((x) => p.update(x)).length).toBeLessThanOrEqual(1);
  });
});

describe('LatencyHistogram (HDR)', () => {
  it('percentiles within 0.1% of the exact quantile; serialise, merge across shards, same answer', () => {
    const rng = createRng(23);
    const all: number[] = [];
    const shards = [0, 1, 2].map(() => {
      const h = new LatencyHistogram();
      for (let i = 0; i < 20000; i++) {
        const v = 5 + 100 * rng.gumbel() ** 2;
        all.push(v);
        h.record(v);
      }
      return h.toJSON();
    });
    expect(JSON.stringify(shards[0]).length).toBeLessThan(20000);
    const merged = LatencyHistogram.mergeAll(shards);
    expect(merged.count).toBe(60000);
    for (const p of [50, 90, 99, 99.9]) {
      const exact = quantile(all, p / 100);
      expect(Math.abs(merged.percentile(p) - exact) / exact).toBeLessThan(2e-3);
    }
    const again = LatencyHistogram.mergeAll([...shards].reverse());
    expect(again.percentile(99)).toBe(merged.percentile(99));
  });
});

describe('bootstrap against scipy.stats.bootstrap (different RNG: loose tolerance)', () => {
  it('interval ends within 0.15 standard errors of scipy (20,000 resamples on both sides)', () => {
    const fx = loadFixture('bootstrap');
    for (const c of fx.cases) {
      const r = bootstrapCI(c.data, c.statistic, { method: c.method, resamples: 20000, random: createRng(5).float });
      if (!r.ok) return expect.fail(r.reason);
      // Monte Carlo error of an endpoint from 20,000 resamples is ~0.02 standard errors per side for a
      // smooth statistic, so 0.15 is ~5 sigma. The median's bootstrap distribution is discrete (its
      // values are data points or midpoints), so its endpoints may land one data gap apart.
      const sorted = [...c.data].sort((a: number, b: number) => a - b);
      const gapAt = (v: number) => {
        const i = sorted.findIndex((x: number) => x >= v);
        const lo = sorted[Math.max(0, i - 1)]!,
          hi = sorted[Math.max(0, i)]!,
          next = sorted[Math.min(sorted.length - 1, i + 1)]!;
        return Math.max(hi - lo, next - hi);
      };
      const tolAt = (v: number) => 0.15 * c.standardError + (c.statistic === 'median' ? gapAt(v) : 0);
      expect(Math.abs(r.lower - c.low), `${c.name} ${c.statistic} ${c.method} low`).toBeLessThan(tolAt(c.low));
      expect(Math.abs(r.upper - c.high), `${c.name} ${c.statistic} ${c.method} high`).toBeLessThan(tolAt(c.high));
    }
  });
});
