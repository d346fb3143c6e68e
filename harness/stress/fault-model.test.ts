import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRng } from '../core/rng.ts';
import { createFaultModel, drawLatency, parseForcedFault } from './fault-model.ts';
import { parseFaultProfile } from './load-profile.ts';
import { faultProfileSchema } from './profile-schema.ts';
import { InputError } from '../core/errors.ts';

const profile = parseFaultProfile({
  latency: { ttft: { dist: 'uniform', minMs: 10, maxMs: 20 }, perToken: { dist: 'fixed', ms: 2 } },
  completionTokens: 5,
  faults: [
    { type: 'status', status: 429, probability: 0.1, retryAfterMs: 250 },
    { type: 'hang', probability: 0.05 },
  ],
  phases: [
    { name: 'healthy', durationMs: 1000, faults: [] },
    { name: 'burst', durationMs: 500, faults: [{ type: 'status', status: 503, probability: 0.8 }] },
  ],
});

describe('fault model', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const run = (seed: number) => {
      const m = createFaultModel(profile, seed);
      return Array.from({ length: 200 }, (_, i) => m.decide(1500 + i));
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });

  it('draws faults with their probabilities (outside phases: 10% 429, 5% hang)', () => {
    const m = createFaultModel(profile, 3);
    const n = 20_000;
    const counts: Record<string, number> = {};
    for (let i = 0; i < n; i++) {
      const f = m.decide(5_000).fault;
      const k = f ? (f.type === 'status' ? String(f.status) : f.type) : 'none';
      counts[k] = (counts[k] ?? 0) + 1;
    }
    // 4.5 standard errors either side.
    expect(counts['429']! / n).toBeCloseTo(0.1, 1);
    expect(Math.abs(counts['429']! / n - 0.1)).toBeLessThan(4.5 * Math.sqrt(0.09 / n));
    expect(Math.abs(counts.hang! / n - 0.05)).toBeLessThan(4.5 * Math.sqrt(0.0475 / n));
  });

  it('follows the phases over time, then returns to the top-level faults', () => {
    const m = createFaultModel(profile, 1);
    expect(m.phases).toEqual([
      { name: 'healthy', startMs: 0, endMs: 1000 },
      { name: 'burst', startMs: 1000, endMs: 1500 },
    ]);
    const at = (t: number) => Array.from({ length: 2000 }, () => m.decide(t));
    expect(at(999).every((d) => d.phase === 'healthy' && d.fault === null)).toBe(true);
    const burst = at(1000);
    expect(burst.every((d) => d.phase === 'burst')).toBe(true);
    const share = burst.filter((d) => d.fault?.type === 'status' && d.fault.status === 503).length / burst.length;
    expect(Math.abs(share - 0.8)).toBeLessThan(0.05);
    expect(at(1500).every((d) => d.phase === 'base')).toBe(true);
  });

  it('honours max_tokens and draws one delay per later token', () => {
    const m = createFaultModel(profile, 1);
    const d = m.decide(0, { maxTokens: 3 });
    expect(d.completionTokens).toBe(3);
    expect(d.tokenDelaysMs).toEqual([2, 2]);
    expect(d.ttftMs).toBeGreaterThanOrEqual(10);
    expect(d.ttftMs).toBeLessThan(20);
  });

  it('a forced fault wins without shifting the random stream of later requests', () => {
    const a = createFaultModel(profile, 5);
    const b = createFaultModel(profile, 5);
    a.decide(5000, { forced: 'reset' });
    b.decide(5000);
    const forced = a.decide(5000, { forced: '503:retry-after-ms=40' });
    expect(forced).toMatchObject({ forced: true, fault: { type: 'status', status: 503, retryAfterMs: 40 } });
    b.decide(5000);
    for (let i = 0; i < 50; i++) expect(a.decide(5000)).toEqual(b.decide(5000));
  });

  it('parses forced fault headers', () => {
    expect(parseForcedFault('none')).toBeNull();
    expect(parseForcedFault('truncate:3')).toEqual({ type: 'truncate', probability: 1, afterChunks: 3 });
    expect(parseForcedFault('HANG')).toEqual({ type: 'hang', probability: 1 });
    expect(parseForcedFault('429')).toEqual({ type: 'status', status: 429, probability: 1 });
    expect(parseForcedFault('418')).toBeUndefined();
    expect(parseForcedFault('503:bogus')).toBeUndefined();
  });

  it('log-normal latency has the configured median and respects its cap', () => {
    const rng = createRng(11);
    const xs = Array.from({ length: 20_001 }, () =>
      drawLatency({ dist: 'lognormal', medianMs: 40, sigma: 0.5 }, rng),
    ).sort((a, b) => a - b);
    expect(xs[10_000]!).toBeGreaterThan(38.5);
    expect(xs[10_000]!).toBeLessThan(41.5);
    fc.assert(
      fc.property(fc.integer(), fc.double({ min: 1, max: 500, noNaN: true }), (seed, cap) => {
        const r = createRng(seed);
        const v = drawLatency({ dist: 'lognormal', medianMs: 100, sigma: 2, maxMs: cap }, r);
        return v > 0 && v <= cap;
      }),
    );
  });
});

describe('profile validation', () => {
  it('names the field of a bad profile', () => {
    expect(() => parseFaultProfile({ faults: [{ type: 'hang', probability: 1.5 }] } as never)).toThrow(InputError);
    expect(() =>
      parseFaultProfile({
        faults: [
          { type: 'status', status: 503, probability: 0.7 },
          { type: 'reset', probability: 0.4 },
        ],
      }),
    ).toThrow(/add up to more than 1/);
    expect(() => parseFaultProfile({ latency: { ttft: { dist: 'uniform', minMs: 5, maxMs: 1 } } })).toThrow(
      /maxMs must be >= minMs/,
    );
    expect(() => parseFaultProfile({ phases: [{ name: 'p', durationMs: 1, faults: [], extra: 1 }] } as never)).toThrow(
      InputError,
    );
  });
  it('fills defaults', () => {
    expect(faultProfileSchema.parse({})).toMatchObject({
      completionTokens: 16,
      faults: [],
      phases: [],
      maxBodyBytes: 1_048_576,
    });
  });
});

describe('chat.completion body', () => {
  it('the fast string builder gives exactly JSON.stringify of the object', async () => {
    const { chatCompletion, chatCompletionJson, promptTokens } = await import('./openai-shapes.ts');
    const req = {
      messages: [
        { role: 'user', content: 'hé "quoted" \n line' },
        { role: 'system', content: 'x' },
      ],
    };
    const p = promptTokens(req);
    for (const n of [1, 2, 16, 100]) {
      for (const finish of ['stop', 'length'] as const) {
        expect(chatCompletionJson('chatcmpl-7', 1700000000, 'model "x"', p, n, finish)).toBe(
          JSON.stringify(chatCompletion('chatcmpl-7', 1700000000, 'model "x"', p, n, finish)),
        );
      }
    }
  });
});
