import { describe, expect, it } from 'vitest';
import { compareLatency, yardstickWorkFor } from './latency-gate.ts';
import type { ScenarioBaseline, YardstickRecord } from './stress-baseline.ts';

const match = { iterations: 60, headCpuMsPerCall: 0.8, yardstickCpuMsPerCall: 0.5, workCpuMsPerIteration: 0.005 };
/** Ten rounds whose log ratios spread evenly around log(centre). */
const rounds = (centre: number): number[] => Array.from({ length: 10 }, (_, i) => Math.log(centre) + (i - 4.5) * 0.004);
const yard = (centre: number, cpuMatch?: typeof match): YardstickRecord => ({
  rounds: 10,
  callsPerRound: 24,
  concurrency: 1,
  logRatios: rounds(centre),
  headMs: Array(10).fill(centre),
  yardstickMs: Array(10).fill(1),
  ...(cpuMatch ? { cpuMatch } : {}),
});
const run = (y: YardstickRecord): ScenarioBaseline => ({
  calls: 100,
  e2eSample: [],
  ttftSample: [],
  metrics: {},
  failures: {},
  yardstick: y,
});
const policy = { latencyTolerance: 2, alpha: 0.001 } as const; // yardstick gate, tolerance 0.15, alpha 0.01 by default

describe('yardstickWorkFor (which fixed work the yardstick does in this run)', () => {
  it("reuses the baseline's match, so a client that got heavier is not matched again", () => {
    expect(yardstickWorkFor(run(yard(1, match)), false)).toBe(match);
  });
  it('uses a bare yardstick against a baseline saved before the match (like with like)', () => {
    expect(yardstickWorkFor(run(yard(1)), false)).toBeNull();
  });
  it('calibrates anew when the run saves a baseline or has none', () => {
    expect(yardstickWorkFor(run(yard(1, match)), true)).toBeUndefined();
    expect(yardstickWorkFor(undefined, false)).toBeUndefined();
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
  it('judges a baseline without the match against a bare yardstick, and says to re-save it', () => {
    const [c] = compareLatency('s', run(yard(1.6)), run(yard(2.0)), policy);
    expect(c!.verdict).toBe('fail');
    expect(c!.details).toMatchObject({
      gate: 'yardstick',
      fallback: expect.stringMatching(/not CPU-matched.*re-save it/),
    });
  });
  it('does not compare ratios against yardsticks that did different work', () => {
    const [c] = compareLatency('s', run(yard(1, match)), run(yard(3, { ...match, iterations: 61 })), policy);
    expect(c!.verdict).toBe('warn');
    expect(c!.reasons[0]).toMatch(/not compared: the baseline's yardstick did 60 iterations.*this run's 61/);
  });
});
