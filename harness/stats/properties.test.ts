import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { createRng } from '../core/rng.ts';
import {
  bootstrapCI,
  chiSquareContingency,
  chiSquareGoodnessOfFit,
  fisherExact,
  hodgesLehmann,
  jensenShannon,
  ksTwoSample,
  mannWhitneyU,
  psi,
  wasserstein1d,
  welchTTest,
  poissonRateTest,
  holm,
  benjaminiHochberg,
  type TestOutcome,
} from './index.ts';

// Finite doubles of moderate range (shift invariance is exact only when shifting does not round away ties).
const value = fc.integer({ min: -1000, max: 1000 }).map((v) => v / 8);
const sample = fc.array(value, { minLength: 0, maxLength: 25 });
const degenerate = fc.oneof(
  sample,
  fc.constant([]),
  value.map((v) => [v]),
  fc.tuple(value, fc.integer({ min: 1, max: 20 })).map(([v, n]) => Array(n).fill(v)),
);
const alternative = fc.constantFrom('two-sided' as const, 'less' as const, 'greater' as const);

function wellFormed(r: TestOutcome): void {
  if (r.ok) {
    expect(Number.isFinite(r.statistic) || r.statistic === Infinity).toBe(true);
    expect(r.pValue).toBeGreaterThanOrEqual(0);
    expect(r.pValue).toBeLessThanOrEqual(1);
  } else expect(r.reason).toMatch(/^not enough data/);
}

describe('properties (fast-check)', () => {
  it('two-sample tests: never throw, never NaN, p in [0, 1], for any finite input incl. empty, single and all-equal', () => {
    fc.assert(
      fc.property(degenerate, degenerate, alternative, (x, y, alt) => {
        wellFormed(mannWhitneyU(x, y, { alternative: alt }));
        wellFormed(mannWhitneyU(x, y, { alternative: alt, method: 'asymptotic' }));
        wellFormed(welchTTest(x, y, { alternative: alt }));
        wellFormed(ksTwoSample(x, y, { alternative: alt }));
        for (const d of [wasserstein1d(x, y), psi(x, y), jensenShannon(x, y)])
          if (d.ok) expect(Number.isFinite(d.value)).toBe(true);
        const h = hodgesLehmann(x, y);
        if (h.ok) expect(h.lower <= h.estimate && h.estimate <= h.upper).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('two-sided p-values are symmetric in the samples; one-sided swap roles', () => {
    fc.assert(
      fc.property(sample, sample, (x, y) => {
        const a = mannWhitneyU(x, y);
        const b = mannWhitneyU(y, x);
        expect(a.ok).toBe(b.ok);
        if (a.ok && b.ok) expect(a.pValue).toBeCloseTo(b.pValue, 12);
        const g = mannWhitneyU(x, y, { alternative: 'greater' });
        const l = mannWhitneyU(y, x, { alternative: 'less' });
        if (g.ok && l.ok) expect(g.pValue).toBeCloseTo(l.pValue, 12);
        const k1 = ksTwoSample(x, y);
        const k2 = ksTwoSample(y, x);
        if (k1.ok && k2.ok) expect(k1.pValue).toBeCloseTo(k2.pValue, 12);
        const w1 = welchTTest(x, y);
        const w2 = welchTTest(y, x);
        if (w1.ok && w2.ok) expect(w1.pValue).toBeCloseTo(w2.pValue, 10);
      }),
      { numRuns: 200 },
    );
  });

  it('invariant to shifting both samples by the same amount', () => {
    fc.assert(
      fc.property(sample, sample, fc.integer({ min: -100, max: 100 }), (x, y, c) => {
        const xs = x.map((v) => v + c);
        const ys = y.map((v) => v + c);
        const pairs: [TestOutcome, TestOutcome][] = [
          [mannWhitneyU(x, y), mannWhitneyU(xs, ys)],
          [ksTwoSample(x, y), ksTwoSample(xs, ys)],
        ];
        for (const [a, b] of pairs) {
          expect(a.ok).toBe(b.ok);
          if (a.ok && b.ok) expect(a.pValue).toBeCloseTo(b.pValue, 12);
        }
        const h1 = hodgesLehmann(x, y);
        const h2 = hodgesLehmann(xs, ys);
        if (h1.ok && h2.ok) expect(h2.estimate).toBeCloseTo(h1.estimate, 9);
      }),
      { numRuns: 200 },
    );
  });

  it('count tests and corrections: well-formed for any non-negative counts', () => {
    const count = fc.integer({ min: 0, max: 60 });
    fc.assert(
      fc.property(count, count, count, count, alternative, (a, b, c, d, alt) => {
        wellFormed(
          fisherExact(
            [
              [a, b],
              [c, d],
            ],
            { alternative: alt },
          ),
        );
        wellFormed(
          chiSquareContingency([
            [a, b],
            [c, d],
          ]),
        );
        wellFormed(chiSquareGoodnessOfFit([a, b, c]));
        wellFormed(poissonRateTest(a, b + 1, c, d + 1, { alternative: alt }));
        for (const p of [...holm([a / 60, b / 60, c / 60]), ...benjaminiHochberg([a / 60, b / 60, d / 60])])
          expect(p >= 0 && p <= 1).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('bootstrap never throws or returns NaN, including degenerate data', () => {
    fc.assert(
      fc.property(
        degenerate,
        fc.constantFrom('mean' as const, 'median' as const),
        fc.constantFrom('percentile' as const, 'bca' as const),
        (x, stat, method) => {
          const r = bootstrapCI(x, stat, { method, resamples: 50, random: createRng(x.length).float });
          if (r.ok) expect(Number.isFinite(r.lower) && Number.isFinite(r.upper) && r.lower <= r.upper).toBe(true);
          else expect(r.reason).toMatch(/^not enough data/);
        },
      ),
      { numRuns: 150 },
    );
  });
});
