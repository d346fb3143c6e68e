import { chatCompletion, promptTokens } from './openai-shapes.ts';

/**
 * A fixed CPU workload shaped like a stress run's per-call work (build, serialise and parse a
 * chat.completion 2,000 times): median of 5 rounds, in ms. Stored with a baseline so that a run on a
 * slower (or busier) machine compares latencies scaled by the ratio, as the bench suite's calibration does.
 */
export function calibrationMs(): number {
  return calibrate(() => performance.now());
}

/**
 * The same workload timed in CPU time of this process (median of 5 rounds, ms): unlike wall time it
 * does not grow when neighbours take the CPU, only when the CPU itself does less per ms (another
 * machine, a shared core or cache). The contention gate multiplies it into its factor.
 */
export function calibrationCpuMs(): number {
  return calibrate(() => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  });
}

function calibrate(now: () => number): number {
  const req = {
    messages: [{ role: 'user', content: 'summarise the benefits of retries with jitter, in three sentences' }],
  };
  const rounds: number[] = [];
  let sink = 0;
  for (let r = 0; r < 5; r++) {
    const t0 = now();
    for (let i = 0; i < 2_000; i++) {
      const text = JSON.stringify(
        chatCompletion(`chatcmpl-${i}`, 1_700_000_000 + i, 'gauntlet-mock-1', promptTokens(req), 16),
      );
      sink += (JSON.parse(text) as { usage: { total_tokens: number } }).usage.total_tokens;
    }
    rounds.push(now() - t0);
  }
  if (sink === 0) throw new Error('unreachable');
  rounds.sort((a, b) => a - b);
  return Math.round(rounds[2]! * 1000) / 1000;
}

/** How much slower this machine is now than when the baseline was measured, clamped to [0.25, 4]. */
export function speedFactor(nowMs: number, baselineMs: number | undefined): number {
  if (!baselineMs || !(nowMs > 0)) return 1;
  return Math.min(4, Math.max(0.25, nowMs / baselineMs));
}
