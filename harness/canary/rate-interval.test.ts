import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { newcombeInterval, poissonDifferenceInterval, wilsonInterval } from './rate-interval.ts';

// scripts/canary-interval-fixture.py: scipy's Wilson interval, brentq-solved Poisson score intervals,
// and Newcombe's method 10 (checked there against the paper's published examples).
const expected = JSON.parse(readFileSync(new URL('./__fixtures__/interval-expected.json', import.meta.url), 'utf8'));

type Case = {
  confidence: number;
  lower: number;
  upper: number;
  x: number;
  n: number;
  canary: number[];
  baseline: number[];
};
const arm = (c: number[]) => ({ x: c[0]!, n: c[1]!, t: c[1]! });

describe('rate intervals against scipy', () => {
  it.each([
    {
      name: 'Wilson interval matches scipy binomtest(...).proportion_ci("wilson")',
      cases: expected.wilson,
      digits: 12,
      interval: (c: Case) => wilsonInterval(c.x, c.n, c.confidence),
    },
    {
      name: "Newcombe's hybrid score interval for the difference of proportions",
      cases: expected.newcombe,
      digits: 11,
      interval: (c: Case) => newcombeInterval(arm(c.canary), arm(c.baseline), c.confidence),
    },
    {
      name: 'MOVER interval for the difference of two Poisson rates',
      cases: expected.poissonDifference,
      digits: 9,
      interval: (c: Case) => poissonDifferenceInterval(arm(c.canary), arm(c.baseline), c.confidence),
    },
  ])(
    '$name (to 1e-$digits)',
    ({
      cases,
      digits,
      interval,
    }: {
      cases: Case[];
      digits: number;
      interval: (c: Case) => { lower: number; upper: number };
    }) => {
      expect(cases.length).toBeGreaterThan(0);
      for (const c of cases) {
        const got = interval(c);
        expect(got.lower).toBeCloseTo(c.lower, digits);
        expect(got.upper).toBeCloseTo(c.upper, digits);
      }
    },
  );

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
