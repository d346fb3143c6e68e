import type { Clock } from '../core/clock.ts';

/**
 * Where a canary suite's traffic comes from. The suite routes each request to an arm at the
 * configured share; the source serves it through that arm's version and returns what was recorded.
 * A seeded in-process simulation (simulatedTraffic) and the mock LLM server (mockServerTraffic) are
 * built in; a project can supply its own.
 */
export type Arm = 'baseline' | 'canary';

export interface TrafficRequest {
  /** 0-based, in arrival order over the whole run. */
  id: number;
  arm: Arm;
}

/** Per-request metrics as recorded (latency_ms, error...), or undefined when the request left no record. */
export type Observation = Record<string, number> | undefined;

export interface TrafficSession {
  /** Serve one batch; one observation per request, in order. */
  serve(requests: readonly TrafficRequest[]): Promise<Observation[]>;
  close(): Promise<void>;
}

export interface TrafficContext {
  seed: number;
  signal: AbortSignal;
  clock: Clock;
}

export interface TrafficSource {
  /** One line for the report: what serves the traffic. */
  describe: string;
  /**
   * Whether what it records depends on wall time or CPU contention (default true). A seeded
   * simulation sets false: its suite then runs beside other suites' untimed work (docs/guide/writing-a-kind.md, "Timing").
   */
  measuresTime?: boolean;
  open(ctx: TrafficContext): Promise<TrafficSession>;
}
