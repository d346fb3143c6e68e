import { setMaxListeners } from 'node:events';
import type { FaultProfile, FaultProfileInput } from '../stress/profile-schema.ts';
import type { StressClient, StressClientFactory } from '../stress/client-contract.ts';
import type { Arm, Observation, TrafficRequest, TrafficSource } from './traffic.ts';

/** One version of the LLM-calling code: a client factory (the stress suites' contract) and its options. */
export interface ClientVersion {
  factory: StressClientFactory;
  options?: Record<string, unknown>;
}

export interface MockServerTrafficOptions {
  /** Fault profile of the mock LLM server both arms share (object or YAML/JSON path). Default: healthy. */
  profile?: FaultProfile | FaultProfileInput | string;
  baseline: ClientVersion;
  canary: ClientVersion;
  /** Requests in flight at once, both arms together. Default 16. */
  concurrency?: number;
  describe?: string;
}

/**
 * Real requests: starts the mock LLM server (harness/stress) on 127.0.0.1 and sends each request
 * through the client version of its arm, both arms interleaved against the same server. Records per
 * request: latency_ms (on the run's clock), error (the call failed), fallback (the client answered
 * with its stand-in), and completion_tokens when the server reported usage.
 */
export function mockServerTraffic(o: MockServerTrafficOptions): TrafficSource {
  return {
    describe: o.describe ?? 'mock LLM server (127.0.0.1), one client version per arm',
    async open(ctx) {
      const { startMockServer } = await import('../stress/mock-server.ts');
      const server = await startMockServer({ profile: o.profile, seed: ctx.seed, clock: ctx.clock });
      const clients: Partial<Record<Arm, StressClient>> = {};
      try {
        for (const arm of ['baseline', 'canary'] as const) {
          clients[arm] = await o[arm].factory({
            baseURL: `${server.url}/v1`,
            seed: ctx.seed + (arm === 'canary' ? 1 : 0),
            clock: ctx.clock,
            options: o[arm].options ?? {},
          });
        }
      } catch (e) {
        await Promise.all(Object.values(clients).map((c) => c?.close()));
        await server.close();
        throw e;
      }
      const limit = o.concurrency ?? 16;
      // Every call in flight listens on the run's signal.
      setMaxListeners(limit + 16, ctx.signal);
      const callOne = async (r: TrafficRequest): Promise<Observation> => {
        const t = ctx.clock.now();
        const res = await clients[r.arm]!.call({
          id: r.id,
          // Distinct prompts, so a response cache cannot answer for the server.
          messages: [{ role: 'user', content: `canary request ${r.id}: summarise the release notes` }],
          maxTokens: 16,
          stream: false,
          signal: ctx.signal,
        });
        const obs: Record<string, number> = {
          latency_ms: ctx.clock.now() - t,
          error: res.outcome === 'failure' ? 1 : 0,
          fallback: res.outcome === 'fallback' ? 1 : 0,
        };
        if (res.usage) obs.completion_tokens = res.usage.completionTokens;
        return obs;
      };
      return {
        async serve(requests) {
          const out = new Array<Observation>(requests.length);
          let next = 0;
          const worker = async () => {
            while (next < requests.length) {
              const i = next++;
              out[i] = await callOne(requests[i]!);
            }
          };
          await Promise.all(Array.from({ length: Math.min(limit, requests.length) }, worker));
          return out;
        },
        async close() {
          await Promise.all(Object.values(clients).map((c) => c?.close()));
          await server.close();
        },
      };
    },
  };
}
