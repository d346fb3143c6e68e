import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compareSamples, CompareSamplesError } from './compare-samples.ts';
import { parseSamples } from './read-samples.ts';
import { InputError } from '../core/errors.ts';

const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });

describe('compareSamples', () => {
  it('never gives a NaN: every field finite, p-value in [0, 1], drift a boolean (property)', () => {
    fc.assert(
      fc.property(
        fc.array(finite, { minLength: 10, maxLength: 60 }),
        fc.array(finite, { minLength: 10, maxLength: 60 }),
        (ref, cur) => {
          let c;
          try {
            c = compareSamples(ref, cur);
          } catch (e) {
            return e instanceof CompareSamplesError; // constant reference: a named error, not a NaN
          }
          const nums = [
            c.ks.statistic,
            c.ks.pValue,
            c.wasserstein,
            c.wassersteinRaw,
            c.psi,
            c.jensenShannon,
            c.reference.sd,
            c.current.sd,
          ];
          return nums.every(Number.isFinite) && c.ks.pValue >= 0 && c.ks.pValue <= 1 && typeof c.drift === 'boolean';
        },
      ),
      { numRuns: 200 },
    );
  });

  it('needs both significance and size: a tiny shift in a huge sample is not drift', () => {
    const n = 100_000;
    const ref = Array.from({ length: n }, (_, i) => (i + 0.5) / n);
    const cur = ref.map((x) => x + 0.015);
    const c = compareSamples(ref, cur);
    expect(c.ks.pValue).toBeLessThan(0.01);
    expect(c.wasserstein).toBeLessThan(0.1);
    expect(c.drift).toBe(false);
  });

  it('refuses a constant reference by name', () => {
    expect(() => compareSamples(Array(10).fill(2), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toThrow(/all values are equal/);
  });
});

describe('parseSamples', () => {
  it('reads one-column CSV with a header, CRLF and blank lines', () => {
    expect(parseSamples('value\r\n1.5\r\n\r\n-2e3\r\n"3"\r\n', 'a.csv')).toEqual([1.5, -2000, 3]);
  });

  it('names the line of a bad cell and rejects a header that is not first', () => {
    expect(() => parseSamples('1\n2\nNaN\n', 'a.csv')).toThrow(InputError);
    try {
      parseSamples('1\nx\n', 'a.csv');
    } catch (e) {
      expect((e as InputError).location).toEqual({ file: 'a.csv', line: 2 });
    }
  });

  it('reads a JSON array, by extension or by its first character', () => {
    expect(parseSamples('[1, 2.5]', 'a.json')).toEqual([1, 2.5]);
    expect(parseSamples(' [3]', 'sample')).toEqual([3]);
  });
});
