import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { newcombeInterval, poissonDifferenceInterval, wilsonInterval } from './rate-interval.ts';

// scripts/canary-interval-fixture.py: scipy's Wilson interval, brentq-solved Poisson score intervals,
// and Newcombe's method 10 (checked there against the paper's published examples).
const expected = JSON.parse(readFileSync(new URL('./__fixtures__/interval-expected.json', import.meta.url), 'utf8'));

describe('rate intervals against scipy', () => {
  it('Wilson interval matches scipy binomtest(...).proportion_ci("wilson") to 1e-12', () => {
    for (const c of expected.wilson) {
      const got = wilsonInterval(c.x, c.n, c.confidence);
      expect(got.lower).toBeCloseTo(c.lower, 12);
      expect(got.upper).toBeCloseTo(c.upper, 12);
    }
  });

  it("Newcombe's hybrid score interval for the difference of proportions", () => {
    for (const c of expected.newcombe) {
      const got = newcombeInterval(
        { x: c.canary[0], n: c.canary[1] },
        { x: c.baseline[0], n: c.baseline[1] },
        c.confidence,
      );
      expect(got.lower).toBeCloseTo(c.lower, 11);
      expect(got.upper).toBeCloseTo(c.upper, 11);
    }
  });

  it('MOVER interval for the difference of two Poisson rates', () => {
    for (const c of expected.poissonDifference) {
      const got = poissonDifferenceInterval(
        { x: c.canary[0], t: c.canary[1] },
        { x: c.baseline[0], t: c.baseline[1] },
        c.confidence,
      );
      expect(got.lower).toBeCloseTo(c.lower, 9);
      expect(got.upper).toBeCloseTo(c.upper, 9);
    }
  });

  it('properties: the interval holds the estimate and lies in [-1, 1]', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 1, max: 5000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n1, n2, a, b) => {
          const x1 = Math.round(a * n1);
          const x2 = Math.round(b * n2);
          const i = newcombeInterval({ x: x1, n: n1 }, { x: x2, n: n2 }, 0.95);
          return (
            i.lower <= i.estimate + 1e-12 &&
            i.estimate <= i.upper + 1e-12 &&
            i.lower >= -1 - 1e-12 &&
            i.upper <= 1 + 1e-12
          );
        },
      ),
    );
  });
});
