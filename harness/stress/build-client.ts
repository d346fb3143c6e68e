import type { Clock } from '../core/clock.ts';
import type { StressClient, StressClientFactory } from './client-contract.ts';

/** What a scenario builds its client from: the suite's factory and the options it hands to it. */
export interface ClientSource {
  factory: StressClientFactory;
  /** The suite's clientOptions, already merged with the scenario's. */
  clientOptions: Record<string, unknown>;
  seed: number;
  clock: Clock;
  redisUrl?: string;
  /** The scenario's per-call budget (its e2eMs SLO, else DEFAULT_CALL_TIMEOUT_MS). */
  callTimeoutMs: number;
}

/** A fresh client under test from the suite's factory, pointed at `baseURL` (the load's and the latency gate's alike). */
export async function buildClient(s: ClientSource, baseURL: string): Promise<StressClient> {
  return s.factory({
    baseURL,
    seed: s.seed,
    clock: s.clock,
    redisUrl: s.redisUrl,
    options: s.clientOptions,
    callTimeoutMs: s.callTimeoutMs,
  });
}
