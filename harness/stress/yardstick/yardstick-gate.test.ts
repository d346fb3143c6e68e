import { describe, expect, it } from 'vitest';
import { realClock } from '../../core/clock.ts';
import { referenceClientFactory } from '../../../sut/llm-client/factory.ts';
import type { StressClientFactory } from '../client-contract.ts';
import { compareWithBaseline, type ScenarioBaseline } from '../stress-baseline.ts';
import { measureYardstick, type YardstickPlan } from './measure-yardstick.ts';

const plan: YardstickPlan = { rounds: 12, callsPerRound: 16, concurrency: 1, stream: false, completionTokens: 16 };

/**
 * The reference client, every call returning 50% later than it would have (a busy wait: sub-ms delays
 * are exact). The gate's power at +25% is a rate, measured in docs/calibration/stress.md (one run can
 * miss: this test at +25% failed once in a fresh-clone CI run); here a slowdown it must always see.
 */
const slower: StressClientFactory = async (o) => {
  const inner = await referenceClientFactory(o);
  return {
    call: async (req) => {
      const t0 = performance.now();
      const r = await inner.call(req);
      const end = performance.now() + (performance.now() - t0) * 0.5;
      while (performance.now() < end);
      return r;
    },
    close: () => inner.close(),
  };
};

async function record(factory: StressClientFactory, seed: number, base?: ScenarioBaseline): Promise<ScenarioBaseline> {
  const y = await measureYardstick(plan, {
    ...(base?.yardstick?.cpuMatch ? { cpuMatch: base.yardstick.cpuMatch } : {}),
    factory,
    clientOptions: {},
    seed,
    clock: realClock,
    signal: new AbortController().signal,
    callTimeoutMs: 10_000,
  });
  return {
    calls: 1,
    e2eSample: [],
    ttftSample: [],
    metrics: {},
    failures: {},
    yardstick: { rounds: plan.rounds, callsPerRound: plan.callsPerRound, concurrency: plan.concurrency, ...y },
  };
}

describe('yardstick latency gate over real HTTP on 127.0.0.1', () => {
  it('passes the same client against its own baseline and fails it made 50% slower', async () => {
    const base = await record(referenceClientFactory, 1);
    expect(base.yardstick!.logRatios).toHaveLength(plan.rounds);
    // Calibrated here (no stored match): both clients' CPU per call measured, and the work that matches them derived.
    // (Its size is a measurement: on a loaded host the difference can read 0, 2026-11-28, and 0 iterations is a valid match.)
    const match = base.yardstick!.cpuMatch!;
    expect(match.headCpuMsPerCall).toBeGreaterThan(0);
    expect(match.yardstickCpuMsPerCall).toBeGreaterThan(0);
    expect(match.workCpuMsPerIteration).toBeGreaterThan(0);
    expect(Number.isInteger(match.iterations) && match.iterations >= 0).toBe(true);
    const policy = { alpha: 0.001, latencyTolerance: 2, latencyGate: 'yardstick' } as const; // tolerance 0.15, alpha 0.01: the defaults
    const same = compareWithBaseline('s', base, await record(referenceClientFactory, 2, base), policy)[0]!;
    expect(same.name).toBe('s/baseline:e2e-latency');
    expect(same.details).toMatchObject({ gate: 'yardstick' });
    expect(same.verdict).toBe('pass');
    const slow = compareWithBaseline('s', base, await record(slower, 3, base), policy)[0]!;
    expect(slow.verdict).toBe('fail');
    expect(slow.reasons[0]).toMatch(
      /relative to the yardstick client \(CPU-matched: \d+ iterations of fixed work per call\), measured in 12 alternating rounds/,
    );
    expect(slow.metrics!.matched_work_iterations).toBe(base.yardstick!.cpuMatch!.iterations); // reused, not re-derived from the slower client
  }, 60_000);
});
