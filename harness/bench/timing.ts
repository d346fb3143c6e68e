/**
 * Timing a benchmark function on the CPU or wall clock with tinybench, inside a benchmark process.
 */
import { Bench, type Task } from 'tinybench';
import type { BenchFn } from './api.ts';
import { makeSketch } from './sketch.ts';

export interface Timing {
  n: number;
  mean: number;
  q: number[];
  median: number;
  clock: 'cpu' | 'wall';
}

export interface TimingOptions {
  time: number;
  warmupTime: number;
  iterations: number;
  clock: 'cpu' | 'wall';
  /**
   * On the CPU clock, time batches of this many calls from the start (for workloads known to be
   * faster than the clock's resolution: it saves the first, unbatched pass). Figures stay per call.
   */
  batch?: number;
}

/** Process CPU time (user + system) in ms, microsecond resolution: unlike wall time, it does not grow while the process waits for a core. */
const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Below this CPU-clock median (ms) the 1 µs resolution of process.cpuUsage() is too coarse: samples then time batches of calls. */
const CPU_CLOCK_MIN_MS = 0.2;

async function time(fn: BenchFn, opts: TimingOptions): Promise<Timing> {
  const b = new Bench({
    time: opts.time,
    warmupTime: opts.warmupTime,
    iterations: opts.iterations,
    warmupIterations: 4,
    retainSamples: true,
    throws: true,
    ...(opts.clock === 'cpu' ? { now: cpuNow } : {}),
  });
  b.add('x', fn);
  await b.run();
  const task = b.tasks[0] as Task;
  const r = task.result;
  if (r.state !== 'completed')
    throw r.state === 'errored' ? r.error : new Error(`benchmark ended in state '${r.state}'`);
  const samples = r.latency.samples;
  if (!samples || samples.length === 0) throw new Error('benchmark produced no samples');
  return { n: samples.length, mean: r.latency.mean, q: makeSketch(samples), median: r.latency.p50, clock: opts.clock };
}

/**
 * Time on the requested clock. On the CPU clock a benchmark faster than CPU_CLOCK_MIN_MS is
 * re-timed in batches of B calls per sample, and the figures divided by B (per call again).
 */
export async function timeOn(fn: BenchFn, opts: TimingOptions): Promise<Timing> {
  if (opts.clock === 'cpu' && opts.batch && opts.batch > 1) return timeBatched(fn, opts, opts.batch);
  const t = await time(fn, opts);
  if (t.clock !== 'cpu' || t.median >= CPU_CLOCK_MIN_MS) return t;
  return timeBatched(fn, opts, Math.min(100_000, Math.ceil((2 * CPU_CLOCK_MIN_MS) / Math.max(t.median, 0.0005))));
}

async function timeBatched(fn: BenchFn, opts: TimingOptions, batch: number): Promise<Timing> {
  const probe = fn();
  const isAsync = typeof (probe as { then?: unknown } | undefined)?.then === 'function';
  if (isAsync) await probe;
  const batched: BenchFn = isAsync
    ? async () => {
        for (let i = 0; i < batch; i++) await fn();
      }
    : () => {
        for (let i = 0; i < batch; i++) fn();
      };
  const b = await time(batched, opts);
  return { ...b, mean: b.mean / batch, median: b.median / batch, q: b.q.map((x) => x / batch) };
}
