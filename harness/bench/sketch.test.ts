import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { quantile } from '../stats/index.ts';
import { makeSketch, SKETCH_PROBABILITIES, sketchMedian, sketchQuantile } from './sketch.ts';

describe('quantile sketch', () => {
  it('holds the numpy-linear quantiles at its probabilities, and reads them back exactly', () => {
    const xs = Float64Array.from({ length: 1000 }, (_, i) => (i * 7919) % 1000).sort();
    const s = makeSketch(xs);
    expect(s).toHaveLength(SKETCH_PROBABILITIES.length);
    SKETCH_PROBABILITIES.forEach((p, i) => {
      expect(s[i]).toBeCloseTo(quantile(xs, p), 6);
      expect(sketchQuantile(s, p)).toBeCloseTo(s[i]!, 12);
    });
    expect(sketchMedian(s)).toBeCloseTo(499.5, 6);
  });

  it('interpolates monotonically between its points and clamps outside [0, 1]', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.001, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 200 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (raw, a, b) => {
          const s = makeSketch(Float64Array.from(raw).sort());
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          expect(sketchQuantile(s, lo)).toBeLessThanOrEqual(sketchQuantile(s, hi) + 1e-9);
          expect(sketchQuantile(s, -1)).toBe(s[0]);
          expect(sketchQuantile(s, 2)).toBe(s[s.length - 1]);
        },
      ),
    );
  });

  it('rejects a sketch of the wrong size', () => {
    expect(() => sketchQuantile([1, 2, 3], 0.5)).toThrow(RangeError);
  });
});
