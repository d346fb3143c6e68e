import { describe, expect, it } from 'vitest';
import { createRng } from '../core/rng.ts';
import { bootstrapCI } from './bootstrap.ts';
import { medianInPlace } from './select.ts';

const unsignZeros = (r: object): object =>
  Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'number' ? v + 0 : v]));

describe('bootstrap of the median by rank counting', () => {
  it('gives exactly the interval of the generic path (resample, then select the median) for the same random stream', () => {
    const rng = createRng(21);
    for (let c = 0; c < 60; c++) {
      const n = rng.int(2, 400);
      const values =
        c % 3 === 0
          ? () => rng.normal() * 10
          : c % 3 === 1
            ? () => rng.int(-3, 3)
            : () => Math.round(rng.normal() * 4) / 2;
      const x = Array.from({ length: n }, values);
      for (const method of ['bca', 'percentile'] as const) {
        const seed = rng.int(0, 1_000_000);
        const fast = bootstrapCI(x, 'median', { method, resamples: 400, random: createRng(seed).float });
        const generic = bootstrapCI(x, (s) => medianInPlace(s), {
          method,
          resamples: 400,
          random: createRng(seed).float,
        });
        // Equal as numbers; a zero median may be -0 on one path and +0 on the other (which copy of a
        // tied zero the selection lands on), so zeros are compared without their sign.
        expect(unsignZeros(fast), `n=${n} case ${c} ${method}`).toStrictEqual(unsignZeros(generic));
      }
    }
  });
});
