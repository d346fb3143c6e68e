import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRng } from '../core/rng.ts';
import { poissonDraw } from '../stats/__fixtures__/simulate.ts';
import { judgeCanary } from './judge.ts';
import { judgeConfigSchema, type JudgeConfigInput } from './judge-config.ts';
import type { MetricSamples } from './metric-export.ts';

const fixtures = new URL('./__fixtures__/', import.meta.url).pathname;
const load = (f: string) => JSON.parse(readFileSync(fixtures + f, 'utf8'));
const config = (c: JudgeConfigInput = {}) => judgeConfigSchema.parse(c);

const rng = createRng(42);
const lognormal = (n: number, median: number, sigma = 0.4) =>
  Array.from({ length: n }, () => median * Math.exp(sigma * rng.normal()));
const events = (n: number, p: number) => Array.from({ length: n }, () => (rng.float() < p ? 1 : 0));

describe('judgeCanary against scipy', () => {
  const baseline = load('export-baseline.json') as MetricSamples;
  const canary = load('export-canary.json') as MetricSamples;
  const expected = load('scipy-expected.json').metrics;
  const j = judgeCanary({ baseline, canary }, config());
  const m = (name: string) => j.metrics.find((x) => x.name === name)!;

  it('pValue is scipy mannwhitneyu two-sided asymptotic with tie and continuity correction', () => {
    for (const name of ['latency_ms', 'tokens']) {
      expect(m(name).type).toBe('continuous');
      expect(m(name).pValue).toBeCloseTo(expected[name].pValue, 12);
      expect(m(name).hodgesLehmann!.estimate).toBe(expected[name].hodgesLehmann);
      expect(m(name).effectSize.commonLanguage).toBeCloseTo(
        expected[name].u1 / (baseline[name]!.length * canary[name]!.length),
        12,
      );
    }
  });

  it('a 0/1 column is a rate judged by Fisher exact (scipy fisher_exact two-sided)', () => {
    expect(m('error').type).toBe('rate');
    expect(m('error').pValue).toBeCloseTo(expected.error.pValue, 9);
    expect(m('error').hodgesLehmann).toBeNull();
  });
});

describe('classification', () => {
  it('identical distributions with too few samples to show it are inconclusive, with the sample that would settle it', () => {
    const same = lognormal(60, 100);
    const j = judgeCanary(
      { baseline: { latency: same }, canary: { latency: [...same].reverse() } },
      config({ minSamples: 20 }),
    );
    expect(j.verdict).toBe('inconclusive');
    expect(j.decision).toBe('continue');
    expect(j.score).toBe(0);
    expect(j.bestScore).toBe(100);
    const m = j.metrics[0]!;
    expect(m.classification).toBe('inconclusive');
    expect(m.interval!.upper).toBeGreaterThan(m.allowedChange);
    expect(m.allowance).toMatchObject({ relative: 0.05, absolute: 0, source: 'type default' });
    expect(m.samplesToSettle!.baseline).toBeGreaterThan(60);
    expect(j.reasons.join('\n')).toMatch(
      /metric latency inconclusive: about \d+ baseline and \d+ canary samples would settle it/,
    );
  });

  it('identical distributions with ample samples are clearly within the allowance and promoted', () => {
    const j = judgeCanary(
      { baseline: { latency: lognormal(4000, 100) }, canary: { latency: lognormal(4000, 100) } },
      config(),
    );
    expect(j.verdict).toBe('pass');
    expect(j.decision).toBe('promote');
    expect(j.score).toBe(100);
    expect(j.metrics[0]!.classification).toBe('pass');
  });

  it('a 15% latency increase is high, with the reason in words, and a critical metric forces fail', () => {
    const j = judgeCanary(
      {
        baseline: { latency: lognormal(1000, 100), tokens: lognormal(1000, 50) },
        canary: { latency: lognormal(1000, 115), tokens: lognormal(1000, 50) },
      },
      config({ metrics: { latency: { critical: true, allowedChange: 0.05 } } }),
    );
    const lat = j.metrics.find((m) => m.name === 'latency')!;
    expect(lat.classification).toBe('high');
    expect(lat.reasons[0]).toMatch(/^increased: shift .* 95% interval \[.*\]; allowed change ±(4\.9\d|5(\.\d+)?);/);
    expect(lat.hodgesLehmann!.lower).toBeGreaterThan(lat.allowedChange);
    expect(j.verdict).toBe('fail');
    expect(j.decision).toBe('roll back');
    expect(j.reasons[0]).toMatch(/^critical metric latency high/);
  });

  it('a change inside the allowed change passes', () => {
    const j = judgeCanary(
      { baseline: { latency: lognormal(4000, 100) }, canary: { latency: lognormal(4000, 103) } },
      config({ defaults: { allowedChange: 0.1 } }),
    );
    expect(j.metrics[0]!.classification).toBe('pass');
    expect(j.metrics[0]!.adjustedPValue!).toBeLessThan(0.05);
    expect(j.metrics[0]!.reasons[0]).toMatch(/within the allowed change/);
  });

  it('direction: a decrease of a higher-is-bad metric passes; of a lower-is-bad metric is low', () => {
    const input = { baseline: { x: lognormal(1000, 100) }, canary: { x: lognormal(1000, 80) } };
    expect(judgeCanary(input, config()).metrics[0]!.classification).toBe('pass');
    expect(judgeCanary(input, config({ defaults: { direction: 'decrease' } })).metrics[0]!.classification).toBe('low');
    expect(judgeCanary(input, config({ defaults: { direction: 'either' } })).metrics[0]!.classification).toBe('low');
  });

  it('spread check: same median, much wider tail is flagged high', () => {
    const wide = lognormal(2000, 100, 0.9).map((x) => x);
    const j = judgeCanary({ baseline: { latency: lognormal(2000, 100, 0.3) }, canary: { latency: wide } }, config());
    const m = j.metrics[0]!;
    expect(Math.abs(m.effectSize.medianRatio! - 1)).toBeLessThan(0.1);
    expect(m.spread!.flagged).toBe(true);
    expect(m.classification).toBe('high');
    expect(m.reasons.join(' ')).toMatch(/spread much wider/);
    // and without the spread check there is no spread verdict
    const off = judgeCanary(
      { baseline: { latency: lognormal(2000, 100, 0.3) }, canary: { latency: wide } },
      config({ metrics: { latency: { spread: false } } }),
    );
    expect(off.metrics[0]!.spread).toBeNull();
  });

  it('rare errors: 0.2% -> 1% is caught by the count test, not by Mann-Whitney on zeros', () => {
    const j = judgeCanary(
      { baseline: { error: events(4000, 0.002) }, canary: { error: events(4000, 0.01) } },
      config(),
    );
    expect(j.metrics[0]!.type).toBe('rate');
    expect(j.metrics[0]!.classification).toBe('high');
    expect(j.metrics[0]!.reasons[0]).toMatch(/Fisher's exact test/);
  });

  it('count metrics use the Poisson rate test', () => {
    const perMinute = (n: number, lambda: number) => Array.from({ length: n }, () => poissonDraw(rng.float, lambda));
    const j = judgeCanary(
      { baseline: { timeouts: perMinute(120, 2) }, canary: { timeouts: perMinute(120, 4) } },
      config({ metrics: { timeouts: { type: 'count' } } }),
    );
    expect(j.metrics[0]!.type).toBe('count');
    expect(j.metrics[0]!.classification).toBe('high');
  });

  it('Holm across metrics: adjusted p-values are exactly Holm over the family of all tests', () => {
    const j = judgeCanary(
      {
        baseline: { a: lognormal(300, 100), b: lognormal(300, 100), c: lognormal(300, 100) },
        canary: { a: lognormal(300, 125), b: lognormal(300, 104), c: lognormal(300, 100) },
      },
      config({
        defaults: { direction: 'either' },
        metrics: { a: { spread: false }, b: { spread: false }, c: { spread: false } },
      }),
    );
    const raw = j.metrics.map((m) => m.decisionPValue!);
    const order = raw.map((p, i) => [p, i] as const).sort((x, y) => x[0] - y[0]);
    let running = 0;
    const expected: number[] = [];
    order.forEach(([p, i], r) => {
      running = Math.max(running, Math.min(1, (3 - r) * p));
      expected[i] = running;
    });
    j.metrics.forEach((m, i) => expect(m.adjustedPValue).toBeCloseTo(expected[i]!, 14));
    expect(j.metrics[0]!.adjustedPValue).toBeCloseTo(Math.min(1, 3 * raw[0]!), 14); // the smallest p is multiplied by 3
    expect(raw[0]).toBeLessThan(raw[2]!);
  });

  it('Holm across metrics: adjusted p-values are at least the raw ones', () => {
    const j = judgeCanary(
      {
        baseline: { a: lognormal(300, 100), b: lognormal(300, 100) },
        canary: { a: lognormal(300, 104), b: lognormal(300, 100) },
      },
      config(),
    );
    for (const m of j.metrics) expect(m.adjustedPValue!).toBeGreaterThanOrEqual(m.decisionPValue!);
    const none = judgeCanary(
      { baseline: { a: [1, 2, 3] }, canary: { a: [1, 2, 3] } },
      config({ correction: 'none', minSamples: 3 }),
    );
    expect(none.metrics[0]!.adjustedPValue).toBe(none.metrics[0]!.decisionPValue);
  });

  it('power statement shrinks with more samples', () => {
    const small = judgeCanary({ baseline: { x: lognormal(200, 100) }, canary: { x: lognormal(200, 100) } }, config());
    const large = judgeCanary({ baseline: { x: lognormal(3000, 100) }, canary: { x: lognormal(3000, 100) } }, config());
    expect(large.metrics[0]!.power!.minimumDetectableChange!).toBeLessThan(
      small.metrics[0]!.power!.minimumDetectableChange! / 2,
    );
    expect(small.metrics[0]!.power!.statement).toMatch(
      /with 200 baseline and 200 canary samples, a shift of .* would be detected with 80% probability/,
    );
  });
});

describe('sample ratio mismatch, rollback and score', () => {
  it('a broken split fails before any metric is judged', () => {
    const j = judgeCanary(
      { baseline: { latency: lognormal(1000, 100) }, canary: { latency: lognormal(820, 100) } },
      config(),
    );
    expect(j.srm.ok).toBe(false);
    expect(j.srm.pValue!).toBeLessThan(0.001);
    expect(j.verdict).toBe('fail');
    expect(j.decision).toBe('roll back');
    expect(j.score).toBe(0);
    expect(j.reasons[0]).toMatch(/^sample ratio mismatch: 1000 baseline \/ 820 canary/);
    expect(j.metrics[0]!.classification).toBe('no data');
  });

  it('the split is checked against the configured share', () => {
    const j = judgeCanary(
      { baseline: { latency: lognormal(900, 100) }, canary: { latency: lognormal(100, 100) } },
      config({ canaryShare: 0.1 }),
    );
    expect(j.srm.ok).toBe(true);
  });

  it('hard thresholds roll back at once, even with 10 samples', () => {
    const j = judgeCanary(
      { baseline: { error: events(10, 0) }, canary: { error: [1, 0, 0, 1, 0, 0, 0, 0, 0, 0] } },
      config({ rollback: [{ metric: 'error', stat: 'rate', above: 0.05 }] }),
    );
    expect(j.metrics[0]!.classification).toBe('no data');
    expect(j.decision).toBe('roll back');
    expect(j.reasons).toEqual(['hard limit: canary error rate 0.2 is above 0.05 (10 samples)']);
    expect(j.rollback[0]).toMatchObject({ metric: 'error', stat: 'rate', above: 0.05 });
    expect(j.rollback[0]!.value).toBeCloseTo(0.2, 12);
  });

  it('weighted groups into a 0-100 score with pass / marginal thresholds', () => {
    const base = { a: lognormal(1000, 100), b: lognormal(1000, 100), c: lognormal(1000, 100), d: lognormal(1000, 100) };
    const can = { a: lognormal(1000, 130), b: lognormal(1000, 100), c: lognormal(1000, 100), d: lognormal(1000, 100) };
    const j = judgeCanary(
      { baseline: base, canary: can },
      config({
        metrics: { a: { group: 'latency' }, b: { group: 'latency' }, c: { group: 'other' }, d: { group: 'other' } },
        groups: { latency: 1, other: 3 },
      }),
    );
    // latency group 50, other 100: (1*50 + 3*100) / 4 = 87.5 -> marginal
    expect(j.groups.find((g) => g.name === 'latency')!.score).toBe(50);
    expect(j.score).toBe(87.5);
    expect(j.verdict).toBe('marginal');
    expect(j.decision).toBe('continue');
  });
});

describe('bad input never gives NaN', () => {
  it('empty arrays, one-sided metrics, constant data and too few samples are no data or pass, with reasons', () => {
    const j = judgeCanary(
      {
        baseline: {
          empty: [],
          onlyBase: lognormal(100, 1),
          same: Array(100).fill(5),
          few: [1, 2, 3],
          ok: lognormal(100, 10),
        },
        canary: {
          empty: [],
          onlyCanary: lognormal(100, 1),
          same: Array(100).fill(5),
          few: [1, 2],
          ok: lognormal(100, 10),
        },
      },
      config({ metrics: { configuredOnly: {}, notRate: { type: 'rate' } } }),
    );
    const by = Object.fromEntries(j.metrics.map((m) => [m.name, m]));
    const metric = (name: string) => {
      const m = by[name];
      if (!m) throw new Error(`no metric ${name} in the judgement`);
      return m;
    };
    expect(metric('configuredOnly').reasons[0]).toBe('in neither export');
    expect(metric('onlyBase').reasons[0]).toBe('only in the baseline export');
    expect(metric('onlyCanary').reasons[0]).toBe('only in the canary export');
    expect(metric('empty').classification).toBe('no data');
    expect(metric('few').reasons[0]).toMatch(/at least 50 per arm/);
    expect(metric('same').classification).toBe('pass');
    expect(metric('same').pValue).toBe(1);
    expect(Number.isFinite(j.score)).toBe(true);
    expect(JSON.stringify(j)).not.toMatch(/NaN|Infinity/);
  });

  it('a config that does not fit the data: the metric is no data, with the reason', () => {
    const j = judgeCanary(
      {
        baseline: { r: lognormal(100, 1), c: lognormal(100, 1) },
        canary: { r: lognormal(100, 1), c: lognormal(100, 1) },
      },
      config({ metrics: { r: { type: 'rate' }, c: { type: 'count' } } }),
    );
    expect(j.metrics.map((m) => [m.classification, m.reasons[0]])).toEqual([
      ['no data', 'configured as a rate but has values other than 0 and 1'],
      ['no data', 'configured as a count but has values that are not non-negative integers'],
    ]);
  });

  it('all metrics without data: score 0, verdict inconclusive, decision continue', () => {
    const j = judgeCanary({ baseline: { a: [] }, canary: { a: [] } }, config());
    expect(j).toMatchObject({ score: 0, verdict: 'inconclusive', decision: 'continue' });
    expect(judgeCanary({ baseline: {}, canary: {} }, config())).toMatchObject({ score: 0, verdict: 'inconclusive' });
  });

  it('property: any finite input gives a finite score in [0, 100] and p-values in [0, 1]', () => {
    const arr = fc.array(fc.oneof(fc.integer({ min: 0, max: 3 }), fc.double({ min: -1e6, max: 1e6, noNaN: true })), {
      maxLength: 60,
    });
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom('a', 'b', 'c'), arr),
        fc.dictionary(fc.constantFrom('a', 'b', 'c'), arr),
        (b, c) => {
          const j = judgeCanary({ baseline: b, canary: c }, config({ minSamples: 2 }));
          expect(j.score).toBeGreaterThanOrEqual(0);
          expect(j.score).toBeLessThanOrEqual(100);
          for (const m of j.metrics)
            for (const p of [m.pValue, m.adjustedPValue]) if (p !== null) expect(p >= 0 && p <= 1).toBe(true);
          expect(JSON.stringify(j)).not.toMatch(/NaN/);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('config: confidence below 95% and unknown keys are rejected', () => {
    expect(() => config({ confidence: 0.9 })).toThrow(/at least 0.95/);
    expect(() => config({ alpah: 0.1 } as JudgeConfigInput)).toThrow();
  });
});
