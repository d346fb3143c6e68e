import { describe, it, expect } from 'vitest';
import { iqr, mad, mean, median, quantile, variance, welfordEmpty, welfordMerge, welfordPush } from './index.ts';
import { expectClose, loadFixture } from './__fixtures__/helpers.ts';

const fx = loadFixture('descriptive');

describe('descriptive statistics against numpy/scipy', () => {
  // Order statistics are interpolated in the data's own precision: allow 2 ulp of the data's magnitude
  // (the offset-1e9 case differs from numpy by one ulp of 1e9 in the IQR).
  it('mean, variance, quantiles (numpy linear), median, MAD, IQR within 1e-12 relative (+2 ulp of the data)', () => {
    for (const c of fx.cases) {
      const ulp = 2 * Number.EPSILON * Math.max(...c.data.map(Math.abs));
      expectClose(mean(c.data), c.mean, 1e-13, 1e-15, `${c.name} mean`);
      if (c.variance !== null) expectClose(variance(c.data), c.variance, 1e-9, 0, `${c.name} variance`);
      for (const [q, v] of c.quantiles) expectClose(quantile(c.data, q), v, 1e-14, ulp, `${c.name} q${q}`);
      expectClose(median(c.data), c.median, 1e-14, ulp, `${c.name} median`);
      expectClose(mad(c.data), c.mad, 1e-12, ulp, `${c.name} mad`);
      expectClose(iqr(c.data), c.iqr, 1e-12, ulp, `${c.name} iqr`);
    }
  });

  it('Welford streaming and merge agree with the two-pass variance', () => {
    const c = fx.cases.find((k: any) => k.name === 'offset-1e9');
    let a = welfordEmpty;
    let b = welfordEmpty;
    c.data.forEach((x: number, i: number) => (i % 3 === 0 ? (a = welfordPush(a, x)) : (b = welfordPush(b, x))));
    const m = welfordMerge(a, b);
    // Welford loses ~ n eps (mean/sd)^2 relative on data offset by 1e9 with sd 1: 1e-7 is its stated bound here.
    expectClose(m.m2 / (m.n - 1), c.variance, 1e-7, 0, 'welford');
  });

  it('empty input gives NaN, single values are defined', () => {
    expect(mean([])).toBeNaN();
    expect(quantile([], 0.5)).toBeNaN();
    expect(variance([3])).toBeNaN();
    expect(median([3])).toBe(3);
    expect(iqr([2, 2, 2])).toBe(0);
  });
});
