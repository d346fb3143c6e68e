/**
 * Phase 2, measure: drive one scenario's load through the client against its mock, then (yardstick
 * gate) the client and the yardstick in alternating rounds against a fault-free mock.
 */
import { realClock } from '../../core/clock.ts';
import type { FaultProfile } from '../profile-schema.ts';
import { DEFAULT_CALL_TIMEOUT_MS, runScenario, type ScenarioOutcome } from '../run-scenario.ts';
import type { ReferenceClient } from './latency-basis.ts';
import type { Scenario, StressEntry } from '../suite-schema.ts';
import type { CpuMatch } from '../yardstick/matched-work.ts';
import { measureYardstick, type YardstickMeasurement } from '../yardstick/measure-yardstick.ts';

export interface ScenarioMeasurement {
  outcome: ScenarioOutcome;
  yardstick?: YardstickMeasurement;
  /** Load plus yardstick rounds, ms. */
  durationMs: number;
  /** The yardstick rounds alone, ms (what the gate adds to the run). */
  yardstickMs?: number;
}

export interface MeasureInput {
  entry: StressEntry;
  scenario: Scenario;
  profile: FaultProfile;
  seed: number;
  redisUrl: string | undefined;
  signal: AbortSignal;
  rootDir: string;
  /** The yardstick's fixed work per call: the baseline's, null for a bare one, undefined to calibrate it (latency-gate.ts yardstickWorkFor). */
  cpuMatch?: CpuMatch | null | undefined;
  /** After the load: another commit's client to measure in the same rounds as the head (latency-basis.ts), if any. */
  referenceFor?: (outcome: ScenarioOutcome) => Promise<ReferenceClient | undefined>;
}

export async function measureScenario(i: MeasureInput): Promise<ScenarioMeasurement> {
  const s0 = performance.now();
  const outcome = await runScenario(i.scenario, i.profile, {
    factory: i.entry.client,
    clientOptions: i.entry.clientOptions,
    seed: i.seed,
    clock: realClock,
    redisUrl: i.redisUrl,
    signal: i.signal,
    rootDir: i.rootDir,
  });
  // A scenario aimed at a running service (target) has no mock of ours to measure the yardstick against.
  if (i.entry.latencyGate !== 'yardstick' || i.scenario.target || i.signal.aborted)
    return { outcome, durationMs: Math.round(performance.now() - s0) };
  const reference = await i.referenceFor?.(outcome);
  const y0 = performance.now();
  const yardstick = await measureRounds({ ...i, reference });
  const end = performance.now();
  return { outcome, yardstick, durationMs: Math.round(end - s0), yardstickMs: Math.round(end - y0) };
}

export interface RoundsInput {
  entry: StressEntry;
  scenario: Scenario;
  profile: FaultProfile;
  seed: number;
  signal: AbortSignal;
  cpuMatch?: CpuMatch | null | undefined;
  /** Another commit's client, measured in the same rounds as the head. */
  reference?: ReferenceClient | undefined;
}

/** The yardstick rounds alone: the head's client (and a reference client, if any) against a fault-free mock. */
export async function measureRounds(i: RoundsInput): Promise<YardstickMeasurement> {
  const clientOptions = { ...i.entry.clientOptions, ...i.scenario.clientOptions };
  const callTimeoutMs = i.scenario.slo.e2eMs ?? DEFAULT_CALL_TIMEOUT_MS;
  const reference = i.reference;
  return measureYardstick(
    {
      ...i.entry.yardstick,
      stream: i.scenario.stream,
      ...(i.scenario.maxTokens ? { maxTokens: i.scenario.maxTokens } : {}),
      completionTokens: i.profile.completionTokens,
    },
    {
      factory: i.entry.client,
      clientOptions,
      seed: i.seed,
      clock: realClock,
      signal: i.signal,
      callTimeoutMs,
      ...(i.cpuMatch !== undefined ? { cpuMatch: i.cpuMatch } : {}),
      ...(reference
        ? {
            reference: {
              factory: reference.factory,
              clientOptions: reference.clientOptions,
              seed: i.seed,
              clock: realClock,
              callTimeoutMs,
            },
          }
        : {}),
    },
  );
}
