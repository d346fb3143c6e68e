import { chatCompletion } from '../openai-shapes.ts';

/**
 * The CPU-matched yardstick's fixed work: per call, `iterations` of a deterministic synchronous
 * workload shaped like a client's own JavaScript (build a chat.completion, serialise it, parse it,
 * read a field: allocation, strings, JSON and GC, not a tight arithmetic loop). The client under test
 * does several times the bare yardstick's CPU per call, and a crowded CPU stretches CPU work more than
 * it stretches waiting on the socket; a yardstick doing as much CPU as the client is stretched alike,
 * so the ratio of their latencies no longer moves with the load (docs/calibration/stress.md).
 */
export function matchedWork(iterations: number): number {
  let sum = 0;
  for (let i = 0; i < iterations; i++) {
    const text = JSON.stringify(
      chatCompletion(`chatcmpl-${i}`, 1_700_000_000 + i, 'gauntlet-mock-1', 20 + (i & 7), 16),
    );
    sum += (JSON.parse(text) as { usage: { total_tokens: number } }).usage.total_tokens;
  }
  return sum;
}

/**
 * CPU time of this process, ms (`process.cpuUsage`: getrusage, microseconds, up to date at the call).
 * It also counts the JIT's and the garbage collector's helper threads; the calibration takes medians
 * over calls and rounds, so their occasional bursts drop out. (The kernel's per-thread schedstat is
 * no use here: it is brought up to date only at a scheduler tick or switch, too coarse for one call.)
 */
export function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** CPU ms one iteration of matchedWork costs here, now: median of 7 timed blocks after a warm-up. */
export function workCpuMsPerIteration(block = 400): number {
  let sink = matchedWork(block * 2);
  const t: number[] = [];
  for (let r = 0; r < 7; r++) {
    const t0 = cpuMs();
    sink += matchedWork(block);
    t.push((cpuMs() - t0) / block);
  }
  if (sink <= 0) throw new Error('unreachable');
  return median(t);
}

/** What the baseline stores about the match: the iteration count every later run reuses, and how it was derived. */
export interface CpuMatch {
  /** Iterations of matchedWork the yardstick does per call (0: the client is no heavier than the bare yardstick). */
  iterations: number;
  /** Median CPU ms per call over the calibration rounds: the client under test, the bare yardstick. */
  headCpuMsPerCall: number;
  yardstickCpuMsPerCall: number;
  /** CPU ms per iteration of matchedWork when it was calibrated. */
  workCpuMsPerIteration: number;
}

/**
 * The fixed work that makes the yardstick's CPU per call equal the client's: the client's median CPU
 * per call beyond the yardstick's (each a median over rounds of the per-round median of the CPU
 * spent inside a call's window; both clients call the same in-process mock, so the server's share
 * cancels), in iterations of matchedWork. Pure.
 */
export function cpuMatchOf(
  headCpuMsPerCall: readonly number[],
  yardstickCpuMsPerCall: readonly number[],
  workCpuMsPerIteration: number,
): CpuMatch {
  const head = median(headCpuMsPerCall);
  const yard = median(yardstickCpuMsPerCall);
  const extra = head - yard;
  const iterations =
    Number.isFinite(extra) && extra > 0 && workCpuMsPerIteration > 0 ? Math.round(extra / workCpuMsPerIteration) : 0;
  return { iterations, headCpuMsPerCall: head, yardstickCpuMsPerCall: yard, workCpuMsPerIteration };
}

function median(xs: readonly number[]): number {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
