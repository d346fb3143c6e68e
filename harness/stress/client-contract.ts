import type { Clock } from '../core/clock.ts';

/**
 * What a stress suite drives: any LLM client that can make one call and say how it ended. The
 * reference client in `sut/llm-client` implements it; a project plugs its own in through the
 * suite's `client` factory in `gauntlet.config.ts`.
 */

/** Why a call failed (or why the fallback answered): `http_<status>` for each status. */
export type FailureCategory =
  | 'timeout'
  | `http_${number}`
  | 'connection_reset'
  | 'malformed_response'
  | 'truncated_stream'
  | 'breaker_open'
  | 'other';

export interface StressCallRequest {
  /** Index of the call in the run (0-based). */
  id: number;
  messages: Array<{ role: 'system' | 'user' | 'assistant'; content: string }>;
  maxTokens?: number;
  stream: boolean;
  /** Aborted when the run is cancelled. */
  signal: AbortSignal;
  /** Streaming: called for each content delta as it arrives, so the harness can time tokens. */
  onToken?(text: string): void;
  /**
   * Headers to send on every HTTP attempt of this call (today `x-gauntlet-call-id`): the mock records
   * them, so the report can join server attempts to calls (resilience check, retry amplification).
   */
  headers?: Record<string, string>;
}

export interface StressCallResult {
  /** success: a real answer. fallback: the client's stand-in answer. failure: an error reached the caller. */
  outcome: 'success' | 'fallback' | 'failure';
  /** For failure: the last error. For fallback: what made the client fall back. */
  failure?: FailureCategory;
  text?: string;
  usage?: { promptTokens: number; completionTokens: number };
  costUsd?: number;
  /** Served from the response cache (no request reached the server). */
  cached?: boolean;
  /** Requests this call sent (0 for a cache hit or a breaker rejection). */
  attempts: number;
}

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerTransition {
  from: BreakerState;
  to: BreakerState;
  /** In words: `3 of 5 sampled calls failed (last: http_503)`, `trial call succeeded`... */
  cause: string;
}

export interface StressClient {
  /** One call; categorised failures are returned, not thrown. */
  call(req: StressCallRequest): Promise<StressCallResult>;
  /** Breaker transitions as they happen; the harness stamps them with its clock. */
  onBreakerTransition?(listener: (t: BreakerTransition) => void): void;
  /** Release sockets, timers, cache connections. */
  close(): Promise<void>;
}

export interface ClientFactoryOptions {
  /** OpenAI-style base URL of the mock, ending in `/v1`. */
  baseURL: string;
  seed: number;
  clock: Clock;
  /** Set when a Redis server was started for the suite. */
  redisUrl?: string;
  /** The suite entry's `clientOptions`, passed through untouched. */
  options: Record<string, unknown>;
  /**
   * How long one call may take in this scenario (its per-call SLO `e2eMs`, else 30 s): an adapter sets
   * its timeouts from it, so a `hang` fault cannot stall the run (the SDKs default to 10 minutes).
   */
  callTimeoutMs?: number;
}

/** Builds the client under test; called once per scenario. */
export type StressClientFactory = (options: ClientFactoryOptions) => StressClient | Promise<StressClient>;
