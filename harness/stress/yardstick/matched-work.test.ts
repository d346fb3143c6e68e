import { describe, expect, it } from 'vitest';
import { cpuMatchOf, matchedWork } from './matched-work.ts';

describe('cpuMatchOf (the CPU-matched yardstick fixed work)', () => {
  it("turns the client's median CPU per call beyond the yardstick's into iterations of the workload", () => {
    // Medians 0.9 and 0.5 ms: 0.4 ms more per call, at 0.005 ms per iteration = 80 iterations.
    const m = cpuMatchOf([0.8, 0.9, 1.4], [0.5, 0.45, 0.7], 0.005);
    expect(m).toEqual({
      iterations: 80,
      headCpuMsPerCall: 0.9,
      yardstickCpuMsPerCall: 0.5,
      workCpuMsPerIteration: 0.005,
    });
  });
  it('uses medians, so one round slowed by a neighbour does not move the match', () => {
    const quiet = cpuMatchOf([0.8, 0.9, 1.0, 0.9], [0.5, 0.5, 0.5, 0.5], 0.01);
    const oneSpike = cpuMatchOf([0.8, 0.9, 9.0, 0.9], [0.5, 0.5, 0.5, 0.5], 0.01);
    expect(oneSpike.iterations).toBe(quiet.iterations);
  });
  it('adds no work when the client is no heavier than the bare yardstick, or nothing was measured', () => {
    expect(cpuMatchOf([0.4], [0.5], 0.005).iterations).toBe(0);
    expect(cpuMatchOf([], [0.5], 0.005).iterations).toBe(0);
    expect(cpuMatchOf([0.9], [0.5], 0).iterations).toBe(0);
  });
});

describe('matchedWork', () => {
  it('is deterministic and does work proportional to its count', () => {
    expect(matchedWork(0)).toBe(0);
    expect(matchedWork(16)).toBe(matchedWork(16));
    expect(matchedWork(16)).toBeGreaterThan(matchedWork(8));
  });
});
