import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffNoiseSigma, peltMeanShift } from './change-points.ts';
import { latestLevelShift } from './latest-shift.ts';
import { createRng } from '../core/rng.ts';
import { expectClose, loadFixture } from './__fixtures__/helpers.ts';

interface Case {
  name: string;
  x: number[];
  penalty: number;
  minSize: number;
  changePoints: number[];
  cost: number;
  sigma?: number;
}
const { cases } = loadFixture<{ cases: Case[] }>('change-points');

describe('peltMeanShift against optimal partitioning (numpy DP, exhaustive for n <= 12)', () => {
  for (const c of cases) {
    it(c.name, () => {
      const seg = peltMeanShift(c.x, { penalty: c.penalty, minSize: c.minSize });
      expect(seg.changePoints).toEqual(c.changePoints);
      expectClose(seg.cost, c.cost, 1e-9, 1e-9, c.name);
      if (c.sigma !== undefined) expectClose(diffNoiseSigma(c.x), c.sigma, 1e-12, 0, `${c.name} sigma`);
    });
  }
});

describe('peltMeanShift properties', () => {
  it('segments respect minSize, means are segment means, and a constant series has no change point', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 6 }),
        fc.double({ min: 0, max: 50, noNaN: true }),
        (xs, minSize, penalty) => {
          const seg = peltMeanShift(xs, { penalty, minSize });
          const bounds = [0, ...seg.changePoints, xs.length];
          for (let i = 1; i < bounds.length; i++)
            expect(bounds[i]! - bounds[i - 1]!).toBeGreaterThanOrEqual(Math.min(minSize, xs.length));
          expect(seg.means).toHaveLength(seg.changePoints.length + 1);
          expect(
            peltMeanShift(
              xs.map(() => 3),
              { penalty, minSize },
            ).changePoints,
          ).toEqual([]);
        },
      ),
    );
  });

  it('finds a clean step exactly where it is', () => {
    const xs = [...Array(20).fill(1), ...Array(15).fill(2)].map((v, i) => v + (i % 3) * 0.01);
    expect(peltMeanShift(xs, { penalty: 0.5, minSize: 3 }).changePoints).toEqual([20]);
  });

  it('rejects a negative penalty', () => {
    expect(() => peltMeanShift([1, 2], { penalty: -1 })).toThrow(RangeError);
  });
});

describe('latestLevelShift', () => {
  const noisy = (n: number, level: number, seed: number) => {
    const rng = createRng(seed);
    return Array.from({ length: n }, () => level * (1 + 0.01 * rng.normal()));
  };
  it('reports a planted 10% slowdown with where it starts and how large it is', () => {
    const xs = [...noisy(40, 100, 1), ...noisy(12, 110, 2)];
    const s = latestLevelShift(xs)!;
    expect(s.index).toBe(40);
    expect(s.runsSince).toBe(12);
    expectClose(s.relativeChange, 0.1, 0.05, 0, 'relative change');
  });
  it('reports nothing on a steady series, nor a shift older than the window, nor one below minRelativeChange', () => {
    expect(latestLevelShift(noisy(60, 100, 3))).toBeUndefined();
    expect(latestLevelShift([...noisy(20, 100, 1), ...noisy(40, 120, 2)], { window: 30 })).toBeUndefined();
    expect(latestLevelShift([...noisy(30, 100, 1), ...noisy(10, 110, 2)], { minRelativeChange: 0.2 })).toBeUndefined();
  });
  it('handles series with zeros on the raw scale (failure counts)', () => {
    const xs = [
      ...Array(20)
        .fill(0)
        .map((_, i) => (i % 2) * 0.1),
      ...Array(10)
        .fill(0)
        .map((_, i) => 2 + (i % 2) * 0.1),
    ];
    const s = latestLevelShift(xs)!;
    expect(s.index).toBe(20);
    expect(s.after).toBeGreaterThan(s.before);
  });
});
