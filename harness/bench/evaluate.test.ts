/**
 * Which figures a comparison divides by the calibration workload. The figures are shaped like the
 * fresh-clone `.ci/run` of 2026-11-27 18:57 (tests/report-merge-bench-canary.test.ts, file b 10x
 * slower than HEAD~1): per process the benchmark's 10th percentile moved <= 1.4x, while the sort
 * calibration workload beside it took 0.65 ms in some processes and 1.35 ms in others.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../core/rng.ts';
import type { RepetitionSummary } from './compare.ts';
import { evaluate } from './evaluate.ts';
import { makeSketch } from './sketch.ts';

/** One process's repetition: 40 samples within 3% of `ms`, beside a calibration workload of `cal` ms. */
const rep = (ms: number, cal: number): RepetitionSummary => {
  const xs = Array.from({ length: 40 }, (_, i) => ms * (1 + (0.03 * i) / 40));
  return { n: xs.length, mean: xs.reduce((a, b) => a + b, 0) / xs.length, q: makeSketch(xs), cal };
};

const options = { alpha: 0.01, threshold: 0.2, tolerance: 0.5, resamples: 1000, normalize: true, location: 0.1 };
const judgeOne = (base: RepetitionSummary[], head: RepetitionSummary[], paired: boolean) =>
  evaluate([{ id: 'b > small', base, head, threshold: 0.2, tolerance: 0.5, paired }], {
    ...options,
    paired: false,
    random: createRng(5).float,
  })[0]!;

describe('evaluate: the calibration divisor', () => {
  // The base's processes ran while the sort workload was fast, the head's while it was slow (a neighbour
  // on the other core slows the memory-bound sort workload 2x and the benchmark's arithmetic loop not at all).
  const base = [rep(0.0389, 0.65), rep(0.0536, 0.66), rep(0.0395, 1.3)];
  const head = [rep(0.472, 1.35), rep(0.472, 1.35), rep(0.395, 0.65)];

  it('a base measured interleaved with the head (--against) is compared on raw figures: a 10x slowdown is credible', () => {
    const e = judgeOne(base, head, true);
    expect(e.estimate.ratio).toBeGreaterThan(9);
    expect(e.estimate.ratio).toBeLessThan(11);
    expect(e.decision.change).toBe('regressed');
  });

  it('an unchanged benchmark measured interleaved stays unchanged however the calibration workload moved', () => {
    const same = [rep(0.0389, 1.35), rep(0.0389, 1.35), rep(0.0389, 0.65)];
    const e = judgeOne(
      base.map((r) => ({ ...r, q: rep(0.0389, r.cal).q })),
      same,
      true,
    );
    expect(e.estimate.ratio).toBeCloseTo(1, 2);
    expect(e.decision.change).toBe('unchanged');
  });

  it('stored figures (not paired) are still divided by the calibration: a machine 2x slower throughout is not a regression', () => {
    const stored = [rep(0.0389, 0.65), rep(0.039, 0.65), rep(0.0391, 0.66)];
    const slowerMachine = [rep(0.078, 1.3), rep(0.0779, 1.31), rep(0.078, 1.3)];
    const e = judgeOne(stored, slowerMachine, false);
    expect(e.estimate.ratio).toBeCloseTo(1, 1);
    expect(e.decision.change).toBe('unchanged');
  });
});
