import { createRng, type Rng } from '../core/rng.ts';
import type { Observation, TrafficRequest, TrafficSource } from './traffic.ts';

/** A simulated version of the system: draws one request's metrics from its own random stream. */
export type VersionModel = (request: TrafficRequest, rng: Rng) => Observation;

export interface LatencyErrorModel {
  /** Median latency (ms) of a log-normal. */
  medianMs: number;
  /** Log-normal shape: the standard deviation of ln(latency). */
  sigma: number;
  /** Probability that a request fails (error = 1). */
  errorRate?: number;
  /** A share of requests that take `factor` times longer (a slow tail: GC pauses, cold caches). */
  slowTail?: { share: number; factor: number };
  /** Probability that a request leaves no record at all (lost logs, a crashing sidecar): breaks the split. */
  lossRate?: number;
  /** Tokens per response: Poisson-like (normal approximation), recorded as `tokens` when set. */
  meanTokens?: number;
}

/** A version whose latency is log-normal (with an optional slow tail) and whose errors are Bernoulli. */
export function latencyErrorModel(m: LatencyErrorModel): VersionModel {
  return (_request, rng) => {
    if (m.lossRate && rng.float() < m.lossRate) return undefined;
    let latency = m.medianMs * Math.exp(m.sigma * rng.normal());
    if (m.slowTail && rng.float() < m.slowTail.share) latency *= m.slowTail.factor;
    const out: Record<string, number> = { latency_ms: latency, error: rng.float() < (m.errorRate ?? 0) ? 1 : 0 };
    if (m.meanTokens) out.tokens = Math.max(0, Math.round(m.meanTokens + Math.sqrt(m.meanTokens) * rng.normal()));
    return out;
  };
}

/**
 * Seeded in-process traffic: each arm's version model draws from its own stream (forked from the
 * run's seed), so a run is the same on every machine and takes no real time.
 */
export function simulatedTraffic(versions: {
  baseline: VersionModel;
  canary: VersionModel;
  describe?: string;
}): TrafficSource {
  return {
    describe: versions.describe ?? 'seeded in-process simulation of both versions',
    // Latencies are drawn, not timed: a busy machine changes nothing it records.
    measuresTime: false,
    async open(ctx) {
      const root = createRng(ctx.seed);
      const rngs = { baseline: root.fork(), canary: root.fork() };
      return {
        async serve(requests: readonly TrafficRequest[]) {
          return requests.map((r) => versions[r.arm](r, rngs[r.arm]));
        },
        async close() {},
      };
    },
  };
}
