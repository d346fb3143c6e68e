import { setMaxListeners } from 'node:events';
import { resolve } from 'node:path';
import type { Clock } from '../core/clock.ts';
import { GauntletError } from '../core/errors.ts';
import { createRng } from '../core/rng.ts';
import { analyzeRun, type StressResults } from './analyze.ts';
import { buildClient } from './build-client.ts';
import type { BreakerState, StressClient, StressClientFactory } from './client-contract.ts';
import { loadFaultProfile, parseFaultProfile } from './load-profile.ts';
import { runLoad } from './load-runner.ts';
import { startMockServer } from './mock-server.ts';
import { contentionOver, readSchedstat, type Contention } from './contention.ts';
import { calibrationCpuMs } from './machine-speed.ts';
import { errorCode } from './resources.ts';
import type { FaultProfile } from './profile-schema.ts';
import type { Scenario } from './suite-schema.ts';

/** A call's time budget when the scenario sets no per-call SLO (ClientFactoryOptions.callTimeoutMs). */
export const DEFAULT_CALL_TIMEOUT_MS = 30_000;

export interface ScenarioOptions {
  factory: StressClientFactory;
  clientOptions: Record<string, unknown>;
  seed: number;
  clock: Clock;
  redisUrl?: string;
  signal: AbortSignal;
  rootDir: string;
}

export interface ScenarioOutcome {
  results: StressResults;
  profile: FaultProfile;
  faultPhases: Set<string>;
  /** Raw e2e / TTFT latencies of successful calls, for the baseline sample. */
  e2e: number[];
  ttft: number[];
  /** How crowded the CPU was while the load ran (Linux; see contention.ts). */
  contention?: Contention;
}

/** The client's factory threw, or the target cannot be reached: the suite errors (exit code 1). */
export class StressSetupError extends GauntletError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('GAUNTLET_STRESS_SETUP', message, {}, { cause: options?.cause, exitCode: 1 });
  }
}

export async function resolveProfile(
  profile: Scenario['profile'],
  rootDir: string,
  field: string,
): Promise<FaultProfile> {
  return typeof profile === 'string' ? loadFaultProfile(resolve(rootDir, profile)) : parseFaultProfile(profile, field);
}

/** Fail fast with a clear message when a target does not answer. */
async function checkReachable(baseURL: string): Promise<void> {
  try {
    const res = await fetch(`${baseURL.replace(/\/$/, '')}/models`, { signal: AbortSignal.timeout(3_000) });
    await res.body?.cancel();
  } catch (e) {
    const cause = errorCode(e) ?? (e as Error).name;
    throw new StressSetupError(`target ${baseURL} is unreachable (${cause})`, { cause: e });
  }
}

const loadPlan = (sc: Scenario) => ({
  calls: sc.calls,
  concurrency: sc.concurrency,
  ratePerSec: sc.ratePerSec,
  stream: sc.stream,
  maxTokens: sc.maxTokens,
  promptPool: sc.promptPool ?? sc.calls,
  promptPrefix: sc.name,
});

/** Start the mock (or use the target), build the client, drive the load, and close everything. */
export async function runScenario(sc: Scenario, profile: FaultProfile, o: ScenarioOptions): Promise<ScenarioOutcome> {
  // Every call in flight listens on the run's signal: a child signal without the listener limit.
  const run = new AbortController();
  setMaxListeners(0, run.signal);
  const onAbort = () => run.abort(o.signal.reason);
  o.signal.addEventListener('abort', onAbort, { once: true });
  let server: Awaited<ReturnType<typeof startMockServer>> | undefined;
  let client: StressClient | undefined;
  try {
    server = sc.target ? undefined : await startMockServer({ profile, seed: o.seed });
    const baseURL = sc.target ?? `${server!.url}/v1`;
    if (sc.target) await checkReachable(sc.target);
    try {
      client = await buildClient(
        {
          ...o,
          clientOptions: { ...o.clientOptions, ...sc.clientOptions },
          callTimeoutMs: sc.slo.e2eMs ?? DEFAULT_CALL_TIMEOUT_MS,
        },
        baseURL,
      );
    } catch (e) {
      throw new StressSetupError(`client factory threw: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`, {
        cause: e,
      });
    }
    if (typeof client?.call !== 'function')
      throw new StressSetupError('client factory did not return a client with a call() method');
    const transitions: Array<{ at: number; from: BreakerState; to: BreakerState; cause: string }> = [];
    client.onBreakerTransition?.((t) => transitions.push({ at: o.clock.now(), ...t }));
    // Before the timeline starts: the fault phases are timed from restartTimeline().
    server?.restartTimeline();
    const t0 = o.clock.now();
    const sched0 = readSchedstat();
    const samples = await runLoad(client, loadPlan(sc), o.clock, createRng(o.seed).fork(), run.signal);
    const wallMs = o.clock.now() - t0;
    const sched1 = readSchedstat();
    const measured = sched0 && sched1 ? contentionOver(sched0, sched1) : undefined;
    // Once, after the load (the plan timed the same workload, so it is JIT-warm here): measuring it
    // before the load too cost ~0.1 s per scenario for a figure only the contention gate reads.
    const contention = measured && { ...measured, calibrationCpuMs: calibrationCpuMs() };
    const faultPhases = new Set(
      profile.phases.filter((p) => (p.faults ?? profile.faults).some((f) => f.probability > 0)).map((p) => p.name),
    );
    const records = server
      ? server.records()
      : samples.flatMap((s) =>
          Array.from(
            { length: s.attempts },
            () => ({ route: '/v1/chat/completions', arrivalMs: s.startMs - t0, fault: 'none', status: 200 }) as never,
          ),
        );
    const results = analyzeRun({
      samples,
      records,
      serverStartedAt: server?.startedAt ?? t0,
      phases: server?.phases ?? [],
      faultPhases,
      transitions,
      wallMs,
      ...(sc.ratePerSec ? { offeredRatePerSec: sc.ratePerSec } : {}),
      perCallSlo: { e2eMs: sc.slo.e2eMs, ttftMs: sc.slo.ttftMs },
      recoveryGraceMs: sc.slo.breakerClosesWithinMs,
    });
    const ok = samples.filter((s) => s.outcome === 'success');
    return {
      results,
      profile,
      faultPhases,
      e2e: ok.map((s) => s.endMs - s.startMs),
      ttft: ok.filter((s) => s.tokenTimes.length > 0).map((s) => s.tokenTimes[0]! - s.startMs),
      ...(contention ? { contention } : {}),
    };
  } finally {
    o.signal.removeEventListener('abort', onAbort);
    await client?.close().catch(() => {});
    await server?.close();
  }
}
