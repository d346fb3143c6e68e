import { describe, it } from 'vitest';
import {
  betaInc,
  binomialCdf,
  binomialPmf,
  chiSquareCdf,
  chiSquareSf,
  hypergeometricPmf,
  kolmogorovSf,
  logGamma,
  normalCdf,
  normalQuantile,
  tCdf,
} from './index.ts';
import { expectClose, loadFixture } from './__fixtures__/helpers.ts';

const fx = loadFixture('distributions');
const ks = loadFixture('ks-distribution');

describe('distribution functions against scipy.special / scipy.stats', () => {
  it('normal cdf and quantile to 1e-13 relative (AS241 + Halley step)', () => {
    for (const [z, v] of fx.normalCdf) expectClose(normalCdf(z), v, 1e-13, 1e-300, `ndtr(${z})`);
    for (const [p, v] of fx.normalQuantile) expectClose(normalQuantile(p), v, 1e-13, 0, `ndtri(${p})`);
  });
  it('t cdf, chi-square cdf/sf, regularized incomplete beta to 1e-11 relative', () => {
    for (const [t, df, v] of fx.tCdf) expectClose(tCdf(t, df), v, 1e-11, 1e-300, `t.cdf(${t}, ${df})`);
    for (const [x, df, v] of fx.chiSquareSf) expectClose(chiSquareSf(x, df), v, 1e-11, 1e-300, `chi2.sf(${x}, ${df})`);
    for (const [x, df, v] of fx.chiSquareCdf)
      expectClose(chiSquareCdf(x, df), v, 1e-11, 1e-300, `chi2.cdf(${x}, ${df})`);
    for (const [x, a, b, v] of fx.betaInc) expectClose(betaInc(x, a, b), v, 1e-11, 1e-300, `betainc(${a}, ${b}, ${x})`);
  });
  // pmfs go through exp(log-gamma sums); at n = 1000 that costs ~3e-12 relative.
  it('log-gamma to 1e-14, binomial and hypergeometric to 1e-11 relative', () => {
    for (const [x, v] of fx.logGamma) expectClose(logGamma(x), v, 1e-14, 1e-15, `gammaln(${x})`);
    for (const [k, n, p, v] of fx.binomialPmf)
      expectClose(binomialPmf(k, n, p), v, 1e-11, 0, `binom.pmf(${k}, ${n}, ${p})`);
    for (const [k, n, p, v] of fx.binomialCdf)
      expectClose(binomialCdf(k, n, p), v, 1e-11, 0, `binom.cdf(${k}, ${n}, ${p})`);
    for (const [k, M, n, N, v] of fx.hypergeometricPmf)
      expectClose(hypergeometricPmf(k, M, n, N), v, 1e-11, 0, `hypergeom.pmf`);
  });
  it('Kolmogorov distribution kstwo.sf', () => {
    for (const c of ks.kstwoSf) expectClose(kolmogorovSf(c.n, c.x), c.sf, 1e-9, 1e-14, `kstwo.sf(${c.x}, ${c.n})`);
  });
});
