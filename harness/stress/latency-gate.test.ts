import { describe, expect, it } from 'vitest';
import { compareLatency, yardstickWorkFor } from './latency-gate.ts';
import { run, yard as fixtureYard } from './__fixtures__/yardstick-records.ts';

const match = { iterations: 60, headCpuMsPerCall: 0.8, yardstickCpuMsPerCall: 0.5, workCpuMsPerIteration: 0.005 };
const yard = (centre: number, cpuMatch?: typeof match) => fixtureYard(centre, cpuMatch ? { cpuMatch } : {});
const policy = { latencyTolerance: 2, alpha: 0.001 } as const; // yardstick gate, tolerance 0.15, alpha 0.01 by default

describe('yardstickWorkFor (which fixed work the yardstick does in this run)', () => {
  it("reuses the baseline's match, so a client that got heavier is not matched again (whatever the option says)", () => {
    expect(yardstickWorkFor(run(yard(1, match)), false, true)).toBe(match);
    expect(yardstickWorkFor(run(yard(1, match)), false, false)).toBe(match);
  });
  it('uses a bare yardstick against a baseline without the match (like with like)', () => {
    expect(yardstickWorkFor(run(yard(1)), false, true)).toBeNull();
  });
  it('calibrates anew when the run saves a baseline or has none, only with yardstickCpuMatch', () => {
    expect(yardstickWorkFor(run(yard(1, match)), true, true)).toBeUndefined();
    expect(yardstickWorkFor(undefined, false, true)).toBeUndefined();
    expect(yardstickWorkFor(run(yard(1, match)), true, false)).toBeNull();
    expect(yardstickWorkFor(undefined, false, false)).toBeNull();
  });
});

describe('compareLatency, yardstick gate', () => {
  it('passes the same ratio and fails a ratio 25% higher, both yardsticks doing the same work', () => {
    const [same] = compareLatency('s', run(yard(1.02, match)), run(yard(1.02, match)), policy);
    const [slower] = compareLatency('s', run(yard(1.02, match)), run(yard(1.275, match)), policy);
    expect([same!.verdict, slower!.verdict]).toEqual(['pass', 'fail']);
    expect(slower!.reasons[0]).toMatch(/CPU-matched: 60 iterations of fixed work per call/);
    expect(slower!.details).not.toHaveProperty('fallback');
  });
  it('judges bare yardsticks by the same rule; asks to re-save only when the suite wants the match', () => {
    const [c] = compareLatency('s', run(yard(1.6)), run(yard(2.0)), { ...policy, yardstickCpuMatch: true });
    expect(c!.verdict).toBe('fail');
    expect(c!.details).toMatchObject({
      gate: 'yardstick',
      fallback: expect.stringMatching(/not CPU-matched.*re-save it/),
    });
    const [bare] = compareLatency('s', run(yard(1.6)), run(yard(2.0)), policy);
    expect(bare!.verdict).toBe('fail');
    expect(bare!.details).not.toHaveProperty('fallback');
    expect(bare!.reasons[0]).toMatch(/yardstick client \(bare\)/);
  });
  it('does not compare ratios against yardsticks that did different work', () => {
    const [c] = compareLatency('s', run(yard(1, match)), run(yard(3, { ...match, iterations: 61 })), policy);
    expect(c!.verdict).toBe('warn');
    expect(c!.reasons[0]).toMatch(/not compared: the baseline's yardstick did 60 iterations.*this run's 61/);
  });
});
