import { z } from 'zod';
import { fn } from '../config/schema.ts';
import type { StressClientFactory } from './client-contract.ts';
import { faultProfileSchema } from './profile-schema.ts';

/** Service-level objectives a scenario is judged by; each one set becomes a check. */
export const sloSchema = z.strictObject({
  /** Per-call limits; a call meeting them (and succeeding) counts toward goodput. */
  e2eMs: z.number().positive().optional(),
  ttftMs: z.number().positive().optional(),
  e2eP95Ms: z.number().positive().optional(),
  e2eP99Ms: z.number().positive().optional(),
  ttftP95Ms: z.number().positive().optional(),
  /**
   * No call may take longer than this, whatever its outcome (ms): a hang the client does not cut (no or
   * a very long timeout) or a retry loop without end, which a percentile of successful calls can miss.
   */
  maxCallMs: z.number().positive().optional(),
  /** Max share of unsuccessful calls among those outside every fault phase. */
  maxErrorRateOutsideFaults: z.number().min(0).max(1).optional(),
  /** Min goodput as a share of throughput. */
  minGoodputRatio: z.number().min(0).max(1).optional(),
  /** The breaker opens within this of each fault phase's start. */
  breakerOpensWithinMs: z.number().positive().optional(),
  /** ... and is closed again within this of the phase's end. */
  breakerClosesWithinMs: z.number().positive().optional(),
  maxRetryAmplification: z.number().min(1).optional(),
  minCacheHitRate: z.number().min(0).max(1).optional(),
});
export type Slo = z.infer<typeof sloSchema>;

export const scenarioSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'use lowercase letters, digits and dashes'),
  /** A fault profile file (YAML/JSON, relative to the config) or the profile inline. */
  profile: z.union([z.string().min(1), faultProfileSchema]),
  calls: z.number().int().min(1).default(1000),
  concurrency: z.number().int().min(1).default(1000),
  ratePerSec: z.number().positive().optional(),
  stream: z.boolean().default(false),
  maxTokens: z.number().int().positive().optional(),
  /** Distinct prompts (default: as many as calls). */
  promptPool: z.number().int().min(1).optional(),
  /** Merged over the suite's clientOptions. */
  clientOptions: z.record(z.string(), z.unknown()).optional(),
  slo: sloSchema.default({}),
  /** Point at a running service (base URL ending in /v1) instead of starting the mock. */
  target: z.url().optional(),
});
export type Scenario = z.infer<typeof scenarioSchema>;

/** How the yardstick gate measures: rounds per client (after one warm-up round each), calls per round, calls in flight. */
export const yardstickPlanSchema = z.strictObject({
  /** Measured rounds of each client (after one warm-up round each); each round pair gives one log latency ratio. */
  rounds: z.number().int().min(4).max(100),
  /** Calls per round; the round's figure is their median latency. */
  callsPerRound: z.number().int().min(4).max(1000),
  /** 1 (default): each call's latency is its own cost, not a queue behind others. */
  concurrency: z.number().int().min(1).max(64),
});
export type YardstickSettings = z.output<typeof yardstickPlanSchema>;

/** One `kind: 'stress'` entry of gauntlet.config.ts. */
export const stressEntrySchema = z
  .strictObject({
    kind: z.literal('stress'),
    name: z.string().min(1),
    /** Builds the client under test (the reference client, or your own). */
    client: fn<StressClientFactory>('a client factory function (options) => StressClient'),
    clientOptions: z.record(z.string(), z.unknown()).default({}),
    /** Where the response cache lives: auto = testcontainers, else local redis-server, else memory. */
    redis: z.enum(['auto', 'testcontainers', 'redis-server', 'memory']).default('auto'),
    seed: z.number().int().optional(),
    /** Stored baseline (relative to the config); default `baselines/stress-<name>.json`. */
    baseline: z.string().optional(),
    /**
     * How latency is judged against the baseline. `yardstick` (default): after the load, the client and a
     * bare node:http yardstick client call a fault-free mock in alternating rounds, and the ratio of their
     * median latencies is compared with the baseline's ratio, so machine speed and load cancel
     * (docs/guide/stress.md); `contention`: latencies divided by how crowded the CPU was for the run's
     * thread (Linux scheduler statistics); `absolute`: milliseconds against milliseconds (latencyTolerance,
     * latencyFloorMs, calibrate). A baseline without the measurement a rule needs (written by an earlier
     * version, or off Linux) is judged by the next rule down, and the check says which.
     */
    latencyGate: z.enum(['yardstick', 'contention', 'absolute']).default('yardstick'),
    /** Yardstick gate: the rounds it measures after each scenario's load (two to three seconds per scenario on a shared 2-core machine, five to nine beside a CPU hog). */
    yardstick: yardstickPlanSchema.default({ rounds: 14, callsPerRound: 24, concurrency: 1 }),
    /**
     * Yardstick gate: the yardstick also does, per call, fixed CPU work matching the client's extra CPU
     * per call (calibrated when the baseline is saved, stored in it). Off by default: in the reported batch
     * it passed every A/A run as the bare yardstick did but caught +25% CPU less often (docs/calibration/stress.md, part A).
     */
    yardstickCpuMatch: z.boolean().default(false),
    /** Yardstick gate: relative slowdown of the client's latency ratio to the yardstick that fails (with p < yardstickAlpha). */
    yardstickTolerance: z.number().min(0).default(0.15),
    /** Yardstick gate: one-sided level of the rank test over rounds (the tolerance is the main guard against false alarms; docs/calibration/stress.md). */
    yardstickAlpha: z.number().gt(0).lt(1).default(0.01),
    /**
     * Yardstick gate: an e2e-latency regression found against the stored ratios fails only when a
     * re-measure finds it again: the scenario's rounds once more with the baseline's commit's client
     * beside the head (when the commit is in the repository; else the head's rounds again against the
     * stored ratios). Not confirmed: a warning (the host changed since the baseline was saved).
     */
    confirm: z.boolean().default(true),
    /** Contention gate: relative shift of the contention-scaled latency that counts as a regression (with p < alpha). */
    contentionTolerance: z.number().min(0).default(0.2),
    /**
     * `--save` refuses to store a baseline measured while a scenario's thread got less than 1/this of a
     * core (scheduler contention factor above it): such a baseline would judge every later run against a
     * machine that was mostly busy elsewhere.
     */
    maxSaveContention: z.number().min(1).default(8),
    /** Absolute gate: latency shift, relative to the baseline median, that counts as a regression (with p < alpha). 1 = twice as slow. Also the throughput warning's allowance. */
    latencyTolerance: z.number().min(0).default(1),
    /** Tokens or cost per successful call above the baseline's x (1 + this) fail. */
    tokenTolerance: z.number().min(0).default(0.1),
    /** Latency shifts under this many ms never count (loopback latencies of a few ms are all noise). */
    latencyFloorMs: z.number().min(0).default(50),
    /** A failure category regresses when its rate is at least this multiple of the baseline's (and 0.5 points above, p < alpha). */
    failureRateRatio: z.number().min(1).default(1.5),
    alpha: z.number().gt(0).lt(1).default(0.001),
    /** Scale baseline latencies by a CPU calibration ratio (off by default: on a shared machine the short calibration is noisier than it helps). */
    calibrate: z.boolean().default(false),
    scenarios: z.array(scenarioSchema).min(1),
  })
  .superRefine((e, ctx) => {
    // With n rounds a side the smallest one-sided exact Mann-Whitney p is 1 / C(2n, n): fewer rounds could never flag.
    const n = e.yardstick.rounds;
    let ways = 1;
    for (let k = 1; k <= n; k++) ways = (ways * (n + k)) / k;
    if (e.latencyGate === 'yardstick' && 1 / ways >= e.yardstickAlpha)
      ctx.addIssue({
        code: 'custom',
        path: ['yardstick', 'rounds'],
        message: `${n} rounds a side can never reach p < yardstickAlpha ${e.yardstickAlpha} (the smallest exact p is 1/${Math.round(ways)}): use more rounds or a larger yardstickAlpha`,
      });
  });
export type StressEntry = z.output<typeof stressEntrySchema>;

/** `gauntlet stress --save`, `--against <ref>` (also `gauntlet run --save / --against`). */
export const stressFlagsSchema = z.object({
  /** Store this run as the new baseline (never in CI, never after a failing run, never with --against). */
  save: z.boolean().optional(),
  /**
   * Judge e2e latency against this git ref's client, built from its own config in a temporary
   * worktree and measured in the same yardstick rounds as the head (the stored baseline still judges
   * failures, rates and tokens).
   */
  against: z.string().min(1).optional(),
});
export type StressFlags = z.output<typeof stressFlagsSchema>;
