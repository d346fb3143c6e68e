/**
 * A compared benchmark passes only when its upper bound shows it within the allowance: a benchmark not
 * shown slower whose bound still admits a larger slowdown is inconclusive (a warning that says what
 * sample would settle it), never a pass.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../core/rng.ts';
import type { RepetitionSummary } from './compare.ts';
import { comparedCheck, evaluate } from './evaluate.ts';
import type { MeasuredBench } from './measure.ts';
import { makeSketch } from './sketch.ts';

/** One process's repetition: 40 samples within 2% of `ms`. */
const rep = (ms: number): RepetitionSummary => {
  const xs = Array.from({ length: 40 }, (_, i) => ms * (1 + (0.02 * i) / 40));
  return { n: xs.length, mean: xs.reduce((a, b) => a + b, 0) / xs.length, q: makeSketch(xs), cal: 1 };
};

const threshold = 0.1;
function check(base: RepetitionSummary[], head: RepetitionSummary[]) {
  const [e] = evaluate([{ id: 'b', base, head, threshold, tolerance: threshold, paired: true }], {
    alpha: 0.01,
    threshold,
    tolerance: threshold,
    resamples: 2000,
    normalize: false,
    location: 0.5,
    paired: true,
    random: createRng(11).float,
  });
  const m = { id: 'b', file: 'b.bench.ts', name: 'b', reps: head } as unknown as MeasuredBench;
  return comparedCheck(m, base, e!, threshold, 'HEAD~1');
}

describe('comparedCheck: no evidence is not a pass', () => {
  it('passes an unchanged benchmark whose bound excludes a slowdown beyond the allowance', () => {
    const c = check([1, 1.01, 0.99, 1, 1.005, 0.995].map(rep), [1, 0.99, 1.01, 1.005, 1, 0.995].map(rep));
    expect(c.verdict).toBe('pass');
    expect(c.metrics!.ratio_upper).toBeLessThanOrEqual(1 + threshold);
    expect(c.reasons.join(' ')).not.toMatch(/inconclusive/);
  });

  it('warns "inconclusive" with the repetitions that would settle it when the bound admits a larger slowdown', () => {
    // Three noisy processes a side, centred on no change: not shown slower, not shown within 10%.
    const c = check([0.7, 1.0, 1.4].map(rep), [1.3, 0.75, 1.0].map(rep));
    expect(c.change).not.toBe('regressed');
    expect(c.metrics!.ratio_upper).toBeGreaterThan(1 + threshold);
    expect(c.verdict).toBe('warn');
    // The benchmark's own allowance rides on its check: the suite's "too noisy" note weighs mde_pct against it.
    expect(c.metrics!.threshold_pct).toBeCloseTo(100 * threshold, 9);
    const reason = c.reasons.find((r) => r.startsWith('inconclusive'));
    expect(reason).toMatch(/cannot rule out a slowdown beyond the 10\.0% allowance/);
    const needed = Number(/about (\d+) repetitions per side \(now 3\)/.exec(reason!)?.[1]);
    expect(needed).toBeGreaterThan(3);
  });

  it('still fails a credible slowdown beyond the allowance', () => {
    const c = check([1, 1.01, 0.99, 1, 1.005, 0.995].map(rep), [1.5, 1.49, 1.51, 1.5, 1.505, 1.495].map(rep));
    expect(c).toMatchObject({ verdict: 'fail', change: 'regressed' });
  });
});
