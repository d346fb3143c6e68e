import { describe, it, expect } from 'vitest';
import {
  benjaminiHochberg,
  chiSquareContingency,
  chiSquareGoodnessOfFit,
  fisherExact,
  holm,
  poissonRateTest,
} from './index.ts';
import { expectClose, loadFixture } from './__fixtures__/helpers.ts';

const fx = loadFixture('counts');
const mc = loadFixture('multiple-comparisons');

describe('count tests against scipy', () => {
  it('chi-square goodness of fit within 1e-12 relative', () => {
    for (const c of fx.goodnessOfFit) {
      const r = chiSquareGoodnessOfFit(c.observed, c.expected ?? undefined);
      if (!r.ok) return expect.fail(r.reason);
      expectClose(r.statistic, c.statistic, 1e-12, 1e-15, JSON.stringify(c.observed));
      expectClose(r.pValue, c.pValue, 1e-10, 1e-300, JSON.stringify(c.observed));
    }
  });
  it('chi-square contingency (Yates on 2x2 as scipy) within 1e-10 relative', () => {
    for (const c of fx.contingency) {
      const r = chiSquareContingency(c.table, { correction: c.correction });
      if (!r.ok) return expect.fail(r.reason);
      const label = `${JSON.stringify(c.table)} corr=${c.correction}`;
      expect(r.df).toBe(c.df);
      expectClose(r.statistic, c.statistic, 1e-12, 1e-15, label);
      expectClose(r.pValue, c.pValue, 1e-10, 1e-300, label);
    }
  });
  it("Fisher's exact test 2x2 within 1e-9 relative (two-sided, less, greater)", () => {
    for (const c of fx.fisher) {
      const r = fisherExact(c.table, { alternative: c.alternative });
      if (!r.ok) return expect.fail(r.reason);
      const label = `${JSON.stringify(c.table)} ${c.alternative}`;
      expect(r.statistic).toBe(c.statistic);
      expectClose(r.pValue, c.pValue, 1e-9, 1e-300, label);
    }
  });
  it('Poisson rate test = scipy.stats.binomtest on the conditional binomial, within 1e-9 relative', () => {
    for (const c of fx.poisson) {
      const r = poissonRateTest(c.count1, c.exposure1, c.count2, c.exposure2, { alternative: c.alternative });
      if (!r.ok) return expect.fail(r.reason);
      expectClose(r.pValue, c.pValue, 1e-9, 1e-300, JSON.stringify(c));
    }
  });
});

describe('multiple comparisons against the statsmodels formulas', () => {
  it('Holm and Benjamini-Hochberg adjusted p-values within 1e-14', () => {
    for (const c of mc.cases) {
      holm(c.p).forEach((v, i) => expectClose(v, c.holm[i], 1e-14, 1e-16, `holm ${i}`));
      benjaminiHochberg(c.p).forEach((v, i) => expectClose(v, c.bh[i], 1e-14, 1e-16, `bh ${i}`));
    }
  });
});
