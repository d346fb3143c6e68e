import { describe, it, expect } from 'vitest';
import { hodgesLehmann, jensenShannon, ksTwoSample, mannWhitneyU, psi, wasserstein1d, welchTTest } from './index.ts';
import { probOutsideInsideMethod, probOutsideSquare, countPathsOutside } from './ks-exact.ts';
import { logChoose } from './special.ts';
import { expectClose, loadFixture } from './__fixtures__/helpers.ts';

const fx = loadFixture('two-sample');
const ksd = loadFixture('ks-distribution');
const data = (name: string): [number[], number[]] => fx.data[name];

describe('two-sample tests against scipy', () => {
  it('Mann-Whitney U: statistic exact, p-value within 1e-9 relative (auto, exact, asymptotic, both continuity settings)', () => {
    for (const c of fx.mannWhitney) {
      const [x, y] = data(c.x);
      const r = mannWhitneyU(x, y, { alternative: c.alternative, method: c.method, useContinuity: c.useContinuity });
      if (!r.ok) {
        expect.fail(`${c.x}: ${r.reason}`);
        continue;
      }
      const label = `${c.x} ${c.alternative} ${c.method} cont=${c.useContinuity}`;
      expect(r.statistic, label).toBe(c.statistic);
      expectClose(r.pValue, c.pValue, 1e-9, 1e-300, label);
    }
  });

  it('Hodges-Lehmann estimate and interval equal the brute-force R algorithm over all n*m differences', () => {
    for (const c of fx.hodgesLehmann) {
      const [x, y] = data(c.x);
      const r = hodgesLehmann(x, y, { confidence: c.confidence });
      if (!r.ok) {
        expect.fail(r.reason);
        continue;
      }
      const label = `${c.x} conf=${c.confidence}`;
      expect(r.method, label).toBe(c.method);
      expect(r.k, label).toBe(c.k);
      expect(r.estimate, label).toBeCloseTo(c.estimate, 12);
      expect(r.lower, label).toBe(c.lower);
      expect(r.upper, label).toBe(c.upper);
    }
  });

  it("Welch's t-test: statistic, df and p-value within 1e-9 relative", () => {
    for (const c of fx.welch) {
      const [x, y] = data(c.x);
      const r = welchTTest(x, y, { alternative: c.alternative });
      if (!r.ok) {
        expect.fail(r.reason);
        continue;
      }
      const label = `${c.x} ${c.alternative}`;
      expectClose(r.statistic, c.statistic, 1e-10, 1e-14, label);
      expectClose(r.df, c.df, 1e-10, 0, label);
      expectClose(r.pValue, c.pValue, 1e-9, 1e-300, label);
    }
  });

  it('two-sample KS: statistic and p-value within 1e-9 relative (exact and asymptotic)', () => {
    for (const c of fx.ks) {
      const [x, y] = data(c.x);
      const r = ksTwoSample(x, y, { alternative: c.alternative, method: c.method });
      const label = `${c.x} ${c.alternative} ${c.method}`;
      if (!r.ok) {
        // scipy answers identical samples with D = 0, p = 1; we call all-equal data "not enough" only when every value is the same.
        expect.fail(`${label}: ${r.reason}`);
        continue;
      }
      expectClose(r.statistic, c.statistic, 1e-12, 0, label);
      expectClose(r.pValue, c.pValue, 1e-9, 1e-15, label);
    }
  });

  it('exact Smirnov path counts for larger unequal samples within 1e-9 relative', () => {
    for (const c of ksd.exact) {
      const g = gcd(c.n1, c.n2);
      let p: number;
      if (c.alternative === 'two-sided')
        p = c.n1 === c.n2 ? probOutsideSquare(c.n1, c.h) : probOutsideInsideMethod(c.n1, c.n2, g, c.h);
      else if (c.n1 === c.n2) {
        p = 1;
        for (let j = 0; j < c.h; j++) p *= (c.n1 - j) / (c.n1 + j + 1);
      } else p = countPathsOutside(c.n1, c.n2, g, c.h) / Math.exp(logChoose(c.n1 + c.n2, c.n1));
      expectClose(p, c.pValue, 1e-9, 1e-15, `${c.n1}x${c.n2} h=${c.h} ${c.alternative}`);
    }
  });

  it('Wasserstein distance within 1e-12 relative', () => {
    for (const c of fx.wasserstein) {
      const [x, y] = data(c.x);
      const r = wasserstein1d(x, y);
      expect(r.ok).toBe(true);
      if (r.ok) expectClose(r.value, c.value, 1e-12, 1e-15, c.x);
    }
  });

  it('PSI and Jensen-Shannon (base 2) on reference-quantile bins: same edges, values within 1e-12', () => {
    for (const c of fx.binned) {
      const [x, y] = data(c.x);
      const p = psi(x, y, { bins: c.bins });
      const j = jensenShannon(x, y, { bins: c.bins });
      if (!p.ok || !j.ok) {
        expect.fail('not ok');
        continue;
      }
      expect(p.edges).toEqual(c.edges);
      expectClose(p.value, c.psi, 1e-12, 1e-15, `${c.x} psi`);
      expectClose(j.value, c.jensenShannon, 1e-12, 1e-15, `${c.x} js`);
    }
  });
});

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}
