import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contentionOver, readSchedstat, slowdownOf } from './contention.ts';
import { compareWithBaseline } from './stress-baseline.ts';

describe('CPU contention', () => {
  it('is (cpu + run-queue wait) / cpu over a window', () => {
    expect(contentionOver({ cpuNs: 1e9, waitNs: 0 }, { cpuNs: 1.4e9, waitNs: 0.8e9 })).toEqual({
      factor: 3,
      cpuMs: 400,
      waitMs: 800,
    });
    expect(contentionOver({ cpuNs: 5, waitNs: 0 }, { cpuNs: 5, waitNs: 9 })).toBeUndefined(); // no CPU time: nothing to say
  });

  it.skipIf(!existsSync('/proc/thread-self/schedstat'))("reads this thread's scheduler statistics (Linux)", () => {
    const a = readSchedstat()!;
    let x = 0;
    for (let i = 0; i < 2e6; i++) x += Math.sqrt(i);
    const b = readSchedstat()!;
    expect(x).toBeGreaterThan(0);
    expect(b.cpuNs).toBeGreaterThan(a.cpuNs);
    expect(b.waitNs).toBeGreaterThanOrEqual(a.waitNs);
  });

  it("folds in the calibration workload's CPU cost only when both runs measured it", () => {
    const now = { factor: 2, cpuMs: 1, waitMs: 1, calibrationCpuMs: 12 };
    const base = { factor: 1.5, cpuMs: 1, waitMs: 0.5, calibrationCpuMs: 10 };
    expect(slowdownOf(now, base)).toBe(24);
    expect(slowdownOf(now, { factor: 1.5, cpuMs: 1, waitMs: 0.5 })).toBe(2);
  });

  it('a CPU doing 20% less per ms at the same contention is not a regression; the client 25% slower is', () => {
    const sample = Array.from({ length: 200 }, (_, i) => 100 + i / 2);
    const base = {
      calls: 1000,
      e2eSample: sample,
      ttftSample: [],
      metrics: {},
      failures: {},
      contention: { factor: 2, cpuMs: 1, waitMs: 1, calibrationCpuMs: 10 },
    };
    const slowerCpu = {
      ...base,
      e2eSample: sample.map((x) => x * 1.2),
      contention: { ...base.contention, calibrationCpuMs: 12 },
    };
    const slowerClient = { ...base, e2eSample: sample.map((x) => x * 1.25) };
    const policy = { alpha: 0.001, latencyTolerance: 2, contentionTolerance: 0.2 };
    expect(compareWithBaseline('s', base, slowerCpu, policy)[0]!.verdict).toBe('pass');
    expect(compareWithBaseline('s', base, slowerClient, policy)[0]!.verdict).toBe('fail');
  });
});
