import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalQuantile } from '../stats/index.ts';
import { createRng, type Rng } from '../core/rng.ts';
import {
  bootstrapLogRatio,
  decide,
  minimumDetectableEffect,
  ratioBounds,
  resamplesFor,
  tQuantile,
  type RepetitionSummary,
} from './compare.ts';
import { makeSketch } from './sketch.ts';

/** K repetitions of n latency samples: a per-process factor (between-run noise) times within-run noise. */
function reps(
  rng: Rng,
  k: number,
  opts: { center: number; between: number; within?: number; n?: number; cal?: number },
): RepetitionSummary[] {
  return Array.from({ length: k }, () => {
    const proc = Math.exp(opts.between * rng.normal());
    const n = opts.n ?? 200;
    const xs = Float64Array.from(
      { length: n },
      () => opts.center * proc * Math.exp((opts.within ?? 0.05) * Math.abs(rng.normal())),
    ).sort();
    let mean = 0;
    for (const x of xs) mean += x / n;
    return { n, mean, q: makeSketch(xs), cal: opts.cal ?? 1 };
  });
}

const opts = (seed: number, extra: Partial<Parameters<typeof bootstrapLogRatio>[2]> = {}) => ({
  resamples: 2000,
  random: createRng(seed).float,
  normalize: true,
  location: 0.1,
  paired: false,
  level: 0.01 / 3,
  ...extra,
});

describe('tQuantile', () => {
  it('matches scipy.stats.t.ppf', () => {
    // scipy: t.ppf(0.975, 10) = 2.2281388519649385; t.ppf(0.99666, 8) ~ 3.8325; t.ppf(0.95, 1) = 6.313751514675041
    expect(tQuantile(0.975, 10)).toBeCloseTo(2.2281388519649385, 6);
    expect(tQuantile(0.95, 1)).toBeCloseTo(6.313751514675041, 5);
    expect(tQuantile(0.025, 10)).toBeCloseTo(-2.2281388519649385, 6);
    expect(tQuantile(0.5, 3)).toBe(0);
  });
});

describe('hierarchical bootstrap of the ratio', () => {
  it('finds a 20% slowdown credible and brackets it', () => {
    const rng = createRng(7);
    const base = reps(rng, 8, { center: 1, between: 0.03 });
    const head = reps(rng, 8, { center: 1.2, between: 0.03 });
    const e = bootstrapLogRatio(base, head, opts(1));
    expect(e.ratio).toBeGreaterThan(1.1);
    expect(e.ratio).toBeLessThan(1.3);
    expect(e.pSlower).toBeLessThan(0.001);
    const { lower, upper } = ratioBounds(e, 0.99);
    expect(lower).toBeGreaterThan(1.05);
    expect(upper).toBeGreaterThan(e.ratio);
    expect(e.pFaster).toBeGreaterThan(0.9);
  });

  it('normalises by the calibration workload: a machine twice as slow everywhere is no slowdown', () => {
    const rng = createRng(8);
    const base = reps(rng, 6, { center: 1, between: 0.02, cal: 0.4 });
    const head = reps(rng, 6, { center: 2, between: 0.02, cal: 0.8 });
    const e = bootstrapLogRatio(base, head, opts(2));
    expect(e.ratio).toBeGreaterThan(0.93);
    expect(e.ratio).toBeLessThan(1.07);
    expect(bootstrapLogRatio(base, head, opts(2, { normalize: false })).ratio).toBeGreaterThan(1.8);
  });

  it('keeps the suite-wide false-failure rate within alpha on simulated A/A runs (3 benchmarks, K = 5)', () => {
    const rng = createRng(11);
    let failedRuns = 0;
    const runs = 150;
    for (let r = 0; r < runs; r++) {
      const inputs = [0.02, 0.05, 0.15].map((between, i) => ({
        id: `b${i}`,
        threshold: 0.2,
        tolerance: 0,
        estimate: bootstrapLogRatio(
          reps(rng, 5, { center: 1, between, n: 50 }),
          reps(rng, 5, { center: 1, between, n: 50 }),
          opts(r, { resamples: 1000 }),
        ),
      }));
      if (decide(inputs, 0.05).some((d) => d.change === 'regressed')) failedRuns++;
    }
    // alpha = 5% suite-wide: expect <= 7.5 of 150; allow sampling slack (binomial 99.9th pct ~ 17).
    expect(failedRuns).toBeLessThanOrEqual(17);
  });

  it('resamples pairs together in the paired design (shared load cancels)', () => {
    const rng = createRng(12);
    const loads = Array.from({ length: 6 }, () => Math.exp(0.3 * rng.normal()));
    const base = reps(rng, 6, { center: 1, between: 0.01 }).map((r, i) => ({ ...r, q: r.q.map((x) => x * loads[i]!) }));
    const head = reps(rng, 6, { center: 1.15, between: 0.01 }).map((r, i) => ({
      ...r,
      q: r.q.map((x) => x * loads[i]!),
    }));
    const paired = bootstrapLogRatio(base, head, opts(3, { paired: true }));
    const unpaired = bootstrapLogRatio(base, head, opts(3));
    expect(paired.seLog).toBeLessThan(unpaired.seLog / 3);
    expect(paired.pSlower).toBeLessThan(0.001);
    expect(() => bootstrapLogRatio(base, head.slice(1), opts(3, { paired: true }))).toThrow(RangeError);
  });
});

describe('decide', () => {
  /** An estimate whose p-values are counted from its own deviations, as bootstrapLogRatio does: a normal bootstrap of sd seLog. */
  const est = (ratio: number, seLog = 0.02, resamples = 3999) => {
    const deviations = Float64Array.from(
      { length: resamples },
      (_, i) => seLog * normalQuantile((i + 0.5) / resamples),
    );
    const obs = Math.log(ratio);
    const below = deviations.filter((d) => d <= -obs).length;
    const above = deviations.filter((d) => d >= -obs).length;
    return {
      ratio,
      pSlower: (1 + below) / (resamples + 1),
      pFaster: (1 + above) / (resamples + 1),
      seLog,
      deviations,
      noiseBase: seLog,
      noiseHead: seLog,
    };
  };
  it('needs a credible slowdown above the tolerance, Holm-adjusted across benchmarks', () => {
    const d = decide(
      [
        { id: 'big', estimate: est(1.3), tolerance: 0.05, threshold: 0.2 },
        { id: 'small-but-credible', estimate: est(1.03, 0.002), tolerance: 0.05, threshold: 0.2 },
        { id: 'not-credible', estimate: est(1.3, 0.12), tolerance: 0.05, threshold: 0.2 },
        { id: 'faster', estimate: est(0.7), tolerance: 0.05, threshold: 0.2 },
      ],
      0.01,
    );
    expect(d.map((x) => x.change)).toEqual(['regressed', 'unchanged', 'unchanged', 'improved']);
    // Holm: 'not-credible' has the largest p-value of the three slower ones: tested at alpha / 2 after two rejections.
    expect(d[2]!.pAdjusted).toBeCloseTo(2 * est(1.3, 0.12).pSlower, 10);
  });

  it('shows bounds that agree with the Holm decision (never a bound including 1 next to a credible slowdown)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.double({ min: 0.9, max: 1.2, noNaN: true }), fc.double({ min: 0.001, max: 0.05, noNaN: true })),
          { minLength: 1, maxLength: 8 },
        ),
        fc.constantFrom(0.01, 0.05),
        (xs, alpha) => {
          const d = decide(
            xs.map(([r, se], i) => ({ id: String(i), estimate: est(r, se, 1999), tolerance: 0, threshold: 0.2 })),
            alpha,
          );
          for (const x of d) {
            expect(x.change === 'regressed').toBe(x.lower > 1);
            expect(x.change === 'improved').toBe(x.upper < 1);
            // Holm's adjusted p-value tells the same story (up to ties at the boundary).
            if (Math.abs(x.pAdjusted - alpha) > 1e-9) expect(x.pAdjusted < alpha).toBe(x.change === 'regressed');
            expect(x.lowerLevel).toBeGreaterThanOrEqual(alpha / d.length - 1e-15);
          }
        },
      ),
      { numRuns: 100, seed: 5 },
    );
  });

  it('states the minimum detectable slowdown, growing with noise and with the number of benchmarks', () => {
    const quiet = minimumDetectableEffect(0.01, 0.01 / 3, 0.05);
    const noisy = minimumDetectableEffect(0.05, 0.01 / 3, 0.05);
    const many = minimumDetectableEffect(0.05, 0.01 / 50, 0.05);
    expect(quiet).toBeGreaterThanOrEqual(0.05);
    expect(noisy).toBeGreaterThan(quiet);
    expect(many).toBeGreaterThan(noisy);
    expect(noisy).toBeCloseTo(Math.exp((2.7131 + 0.8416) * 0.05) - 1, 3);
  });

  it('resamples enough to resolve alpha/m', () => {
    expect(resamplesFor(3, 0.01, 4000)).toBe(6000);
    expect(resamplesFor(1, 0.01, 4000)).toBe(4000);
    expect(resamplesFor(1000, 0.0001, 4000)).toBe(200_000);
  });
});
