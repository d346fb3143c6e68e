import { createRng } from '../core/rng.ts';
import { realClock, type Clock } from '../core/clock.ts';
import type { JudgeConfig } from './judge-config.ts';
import { judgeCanary } from './judge.ts';
import type { CanaryJudgment } from './judgment.ts';
import type { MetricSamples } from './metric-export.ts';
import { SequentialCanaryJudge, type SequentialJudgment } from './sequential.ts';
import type { Arm, TrafficRequest, TrafficSource } from './traffic.ts';

export interface RunCanaryOptions {
  traffic: TrafficSource;
  /** Total requests over the whole canary (both arms). */
  requests: number;
  seed: number;
  judge: JudgeConfig;
  signal?: AbortSignal;
  clock?: Clock;
  onLook?: (done: number, total: number) => void;
  /**
   * How requests are split. 'random' (default): each request goes to the canary with probability
   * canaryShare, as a hash-based router does, so arm sizes are binomial and the split check fires on
   * a healthy canary at its own alpha (0.001). 'balanced': a weighted round-robin that keeps the arm
   * sizes at the share exactly (the order is still seeded), as a round-robin load balancer does; a
   * mismatch then only comes from lost or misrouted records.
   */
  routing?: 'random' | 'balanced';
}

export interface CanaryRun {
  judgment: CanaryJudgment | SequentialJudgment;
  /** Requests routed to each arm (before any were lost). */
  routed: Record<Arm, number>;
  /** Requests that left a record, per arm: what the split check sees. */
  recorded: Record<Arm, number>;
}

/**
 * Run a canary: route requests to the arms at the configured share (seeded), serve them through the
 * traffic source in batches, and judge: once at the end, or after every batch in sequential mode
 * (stopping early when the sequential judge decides). Returns the judgment; never prints.
 */
export async function runCanary(o: RunCanaryOptions): Promise<CanaryRun> {
  const router = createRng(o.seed ^ 0x5eed);
  const balanced = o.routing === 'balanced';
  const balancedOffset = router.float();
  const session = await o.traffic.open({
    seed: o.seed,
    signal: o.signal ?? new AbortController().signal,
    clock: o.clock ?? realClock,
  });
  const looks = o.judge.sequential ? o.judge.sequential.looks : 1;
  const sequential = o.judge.sequential ? new SequentialCanaryJudge(o.judge) : undefined;
  const routed = { baseline: 0, canary: 0 };
  const recorded = { baseline: 0, canary: 0 };
  const all: Record<Arm, MetricSamples> = { baseline: {}, canary: {} };
  let next = 0;
  try {
    for (let look = 1; look <= looks; look++) {
      o.signal?.throwIfAborted();
      const end = Math.round((o.requests * look) / looks);
      const batch: TrafficRequest[] = [];
      for (; next < end; next++) {
        const arm: Arm = balanced
          ? balancedArm(next, o.judge.canaryShare, balancedOffset)
          : router.float() < o.judge.canaryShare
            ? 'canary'
            : 'baseline';
        routed[arm]++;
        batch.push({ id: next, arm });
      }
      const observations = await session.serve(batch);
      const fresh: Record<Arm, MetricSamples> = { baseline: {}, canary: {} };
      const sizes = { baseline: 0, canary: 0 };
      observations.forEach((obs, i) => {
        if (!obs) return;
        const arm = batch[i]!.arm;
        sizes[arm]++;
        for (const [name, value] of Object.entries(obs)) {
          (fresh[arm][name] ??= []).push(value);
          (all[arm][name] ??= []).push(value);
        }
      });
      recorded.baseline += sizes.baseline;
      recorded.canary += sizes.canary;
      o.onLook?.(look, looks);
      if (sequential) {
        sequential.look({ ...fresh, armSizes: sizes });
        if (sequential.done) return { judgment: sequential.done, routed, recorded };
      }
    }
  } finally {
    await session.close();
  }
  return { judgment: judgeCanary({ ...all, armSizes: recorded }, o.judge), routed, recorded };
}

/** Weighted round-robin: request i goes to the canary when the running share crosses an integer. */
export function balancedArm(i: number, share: number, offset: number): Arm {
  return Math.floor((i + 1) * share + offset) > Math.floor(i * share + offset) ? 'canary' : 'baseline';
}
