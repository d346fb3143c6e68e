import { createRng } from '../../core/rng.ts';
import { buildClient, type ClientSource } from '../build-client.ts';
import type { StressClient } from '../client-contract.ts';
import { runLoad } from '../load-runner.ts';
import { startMockServer } from '../mock-server.ts';
import { faultProfileSchema } from '../profile-schema.ts';
import type { YardstickSettings } from '../suite-schema.ts';
import { cpuMatchOf, cpuMs, workCpuMsPerIteration, type CpuMatch } from './matched-work.ts';
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
  /** The CPU-matched yardstick's fixed work per call, and how it was derived; absent when the yardstick was bare. */
  cpuMatch?: CpuMatch;
  /** Only with `plainToo` (the calibration script): the bare yardstick's rounds and log ratios, measured interleaved. */
  plainLogRatios?: number[];
  plainMs?: number[];
  /** Only with `reference`: that client's rounds (the baseline commit's, measured now) and its log ratios to the yardstick. */
  reference?: { logRatios: number[]; headMs: number[] };
}

/** The head client's source (no redisUrl: the gate's client uses the in-memory cache) and the run's signal. */
export interface YardstickOptions extends Omit<ClientSource, 'redisUrl'> {
  signal: AbortSignal;
  /**
   * The baseline's CPU match, reused so that a client that got heavier shows as slower; null: a bare
   * yardstick (the baseline was saved before the match); undefined: calibrate it in this run (a run
   * that saves the baseline, or has none).
   */
  cpuMatch?: CpuMatch | null;
  /** Also measure the bare yardstick in every round (the calibration script compares the two rules in one run). */
  plainToo?: boolean;
  /**
   * Another client measured in the same rounds against the same mock (the baseline commit's client,
   * built from its own factory in a temporary worktree): the gate then judges the head against it, in
   * this run, on this machine (latency-gate.ts), not against ratios stored on another machine.
   */
  reference?: Omit<ClientSource, 'redisUrl'>;
}

/** Round pairs timed in CPU time to calibrate the match (only when there is no stored match to reuse). */
const CALIBRATION_ROUNDS = 6;

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
 * falls on both alike), every prompt distinct so no call is a cache hit. The yardstick is CPU-matched:
 * per call it also does the fixed work of `o.cpuMatch` (the baseline's), or, without one, the work
 * calibrated here from the two clients' CPU per call in a few extra rounds. Returns per-round medians.
 */
export async function measureYardstick(plan: YardstickPlan, o: YardstickOptions): Promise<YardstickMeasurement> {
  const server = await startMockServer({ profile: yardstickProfile(plan), seed: o.seed });
  const baseURL = `${server.url}/v1`;
  let head: StressClient | undefined;
  const bare = yardstickClient(baseURL, plan.concurrency);
  let matched: StressClient | undefined;
  let reference: StressClient | undefined;
  try {
    head = await buildClient(o, baseURL);
    if (o.reference) reference = await buildClient(o.reference, baseURL);
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
    await round(bare, 'warm-up yardstick');
    if (reference) await round(reference, 'warm-up reference');
    // CPU inside each call's window (from the call to its answer), median per round: the
    // work that sits in the latency, not the client's bookkeeping between calls.
    const cpuPerCall = async (client: StressClient, label: string): Promise<number> => {
      const perCall: number[] = [];
      const timed: StressClient = {
        call: async (req) => {
          const t0 = cpuMs();
          const r = await client.call(req);
          perCall.push(cpuMs() - t0);
          return r;
        },
        close: async () => {},
      };
      await round(timed, label);
      return median(perCall);
    };
    let cpuMatch = o.cpuMatch;
    if (cpuMatch === undefined) {
      const headCpu: number[] = [];
      const bareCpu: number[] = [];
      for (let i = 0; i < CALIBRATION_ROUNDS && !o.signal.aborted; i++) {
        headCpu.push(await cpuPerCall(head, `calibration head ${i}`));
        bareCpu.push(await cpuPerCall(bare, `calibration yardstick ${i}`));
      }
      cpuMatch = cpuMatchOf(headCpu, bareCpu, workCpuMsPerIteration());
    }
    const yard = (matched = yardstickClient(baseURL, plan.concurrency, cpuMatch?.iterations ?? 0));
    await round(yard, 'warm-up matched yardstick');
    const headMs: number[] = [];
    const yardstickMs: number[] = [];
    const plainMs: number[] = [];
    const referenceMs: number[] = [];
    // Head in the middle of each round, so it is next to both yardsticks; the order flips every round.
    // With a reference client, head and reference share the middle and swap places every round, so
    // neither sits nearer the yardstick on average.
    for (let i = 0; i < plan.rounds && !o.signal.aborted; i++) {
      const [first, last] = i % 2 === 0 ? (['plain', 'matched'] as const) : (['matched', 'plain'] as const);
      const middle = !reference
        ? (['head'] as const)
        : i % 2 === 0
          ? (['head', 'reference'] as const)
          : (['reference', 'head'] as const);
      for (const which of [first, ...middle, last] as const) {
        if (which === 'head') headMs.push(await round(head, `head ${i}`));
        else if (which === 'reference') referenceMs.push(await round(reference!, `reference ${i}`));
        else if (which === 'matched') yardstickMs.push(await round(yard, `yardstick ${i}`));
        else if (o.plainToo) plainMs.push(await round(bare, `plain yardstick ${i}`));
      }
    }
    const logRatios = headMs.map((h, i) => Math.log(h / yardstickMs[i]!));
    return {
      logRatios,
      headMs,
      yardstickMs,
      ...(cpuMatch ? { cpuMatch } : {}),
      ...(o.plainToo ? { plainMs, plainLogRatios: headMs.map((h, i) => Math.log(h / plainMs[i]!)) } : {}),
      ...(reference
        ? {
            reference: {
              headMs: referenceMs,
              logRatios: referenceMs.map((r, i) => Math.log(r / yardstickMs[i]!)),
            },
          }
        : {}),
    };
  } finally {
    await head?.close().catch(() => {});
    await reference?.close().catch(() => {});
    await bare.close();
    await matched?.close();
    await server.close();
  }
}
