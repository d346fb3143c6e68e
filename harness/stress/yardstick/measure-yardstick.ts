import { createRng } from '../../core/rng.ts';
import { buildClient, type ClientSource } from '../build-client.ts';
import type { StressClient } from '../client-contract.ts';
import { runLoad } from '../load-runner.ts';
import { startMockServer } from '../mock-server.ts';
import { faultProfileSchema } from '../profile-schema.ts';
import type { YardstickSettings } from '../suite-schema.ts';
import { yardstickClient } from './yardstick-client.ts';

/** How the latency gate measures (the suite's `yardstick` settings) and what each call asks for (the scenario's). */
export interface YardstickPlan extends YardstickSettings {
  stream: boolean;
  maxTokens?: number;
  /** Output tokens per answer: the scenario profile's, so the bodies match the load's. */
  completionTokens: number;
}

/** Per-round medians of the two clients' end-to-end latency, in the order measured, and their log ratios. */
export interface YardstickMeasurement {
  /** log(median head latency / median yardstick latency), one per round pair. */
  logRatios: number[];
  headMs: number[];
  yardstickMs: number[];
}

/** The head client's source (no redisUrl: the gate's client uses the in-memory cache) and the run's signal. */
export interface YardstickOptions extends Omit<ClientSource, 'redisUrl'> {
  signal: AbortSignal;
}

/**
 * The gate's mock: the same server, no faults and no added delay (a call's latency is then the CPU
 * work of client and server, which is what a client change moves), the scenario's answer length.
 */
export const yardstickProfile = (plan: YardstickPlan) =>
  faultProfileSchema.parse({ name: 'yardstick', completionTokens: plan.completionTokens });

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Measure the client under test (a fresh one from its factory, the in-memory cache) and the yardstick
 * against one fault-free mock in alternating rounds (AB BA AB ...: a trend in the machine's load
 * falls on both alike), every prompt distinct so no call is a cache hit. Returns per-round medians.
 */
export async function measureYardstick(plan: YardstickPlan, o: YardstickOptions): Promise<YardstickMeasurement> {
  const server = await startMockServer({ profile: yardstickProfile(plan), seed: o.seed });
  const baseURL = `${server.url}/v1`;
  let head: StressClient | undefined;
  const yard = yardstickClient(baseURL, plan.concurrency);
  try {
    head = await buildClient(o, baseURL);
    const rng = createRng(o.seed);
    const round = async (client: StressClient, label: string): Promise<number> => {
      const samples = await runLoad(
        client,
        {
          calls: plan.callsPerRound,
          concurrency: plan.concurrency,
          stream: plan.stream,
          ...(plan.maxTokens ? { maxTokens: plan.maxTokens } : {}),
          promptPool: 2 ** 30,
          promptPrefix: `yardstick ${o.seed} ${label}`,
        },
        o.clock,
        rng.fork(),
        o.signal,
      );
      const ok = samples.filter((s) => s.outcome === 'success').map((s) => s.endMs - s.startMs);
      if (ok.length * 2 < plan.callsPerRound)
        throw new Error(`latency gate: only ${ok.length} of ${plan.callsPerRound} calls of a ${label} round succeeded`);
      return median(ok);
    };
    await round(head, 'warm-up head');
    await round(yard, 'warm-up yardstick');
    const headMs: number[] = [];
    const yardstickMs: number[] = [];
    for (let i = 0; i < plan.rounds && !o.signal.aborted; i++) {
      if (i % 2 === 0) {
        headMs.push(await round(head, `head ${i}`));
        yardstickMs.push(await round(yard, `yardstick ${i}`));
      } else {
        yardstickMs.push(await round(yard, `yardstick ${i}`));
        headMs.push(await round(head, `head ${i}`));
      }
    }
    const logRatios = headMs.map((h, i) => Math.log(h / yardstickMs[i]!));
    return { logRatios, headMs, yardstickMs };
  } finally {
    await head?.close().catch(() => {});
    await yard.close();
    await server.close();
  }
}
