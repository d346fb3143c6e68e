/**
 * Child-process entry: imports one bench file, measures the calibration workload and then each
 * declared benchmark with tinybench, and reports over IPC. One process per file and repetition,
 * so one benchmark's JIT state and heap do not leak into the next file's.
 * Started by run-file.ts as `node --expose-gc --import tsx worker.ts '<request json>'`.
 */
import '../vitest/register-bench-shim.ts';
import { pathToFileURL } from 'node:url';
import { Bench, type Task } from 'tinybench';
import { takeDeclaredBenches, type BenchFn } from './api.ts';
import { calibrationWorkload } from './calibration-workload.ts';
import { makeSketch, round6, sketchQuantile } from './sketch.ts';
import type { Clock, RepetitionResult, WorkerMessage, WorkerRequest } from './protocol.ts';

const send = (m: WorkerMessage): Promise<void> =>
  new Promise((resolve) => {
    if (!process.send) {
      process.stdout.write(JSON.stringify(m) + '\n');
      resolve();
    } else process.send(m, undefined, undefined, () => resolve());
  });

interface Timing {
  n: number;
  mean: number;
  q: number[];
  median: number;
  clock: 'cpu' | 'wall';
}

/** Process CPU time (user + system) in ms, microsecond resolution: unlike wall time, it does not grow while the process waits for a core. */
const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Below this CPU-clock median (ms) the 1 µs resolution of process.cpuUsage() is too coarse: samples then time batches of calls. */
const CPU_CLOCK_MIN_MS = 0.2;

async function time(fn: BenchFn, opts: { time: number; warmupTime: number; iterations: number; clock: 'cpu' | 'wall' }): Promise<Timing> {
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
  if (r.state !== 'completed') throw r.state === 'errored' ? r.error : new Error(`benchmark ended in state '${r.state}'`);
  const samples = r.latency.samples;
  if (!samples || samples.length === 0) throw new Error('benchmark produced no samples');
  return { n: samples.length, mean: r.latency.mean, q: makeSketch(samples), median: r.latency.p50, clock: opts.clock };
}

/**
 * Time on the requested clock. On the CPU clock a benchmark faster than CPU_CLOCK_MIN_MS is
 * re-timed in batches of B calls per sample, and the figures divided by B (per call again).
 */
async function timeOn(fn: BenchFn, opts: { time: number; warmupTime: number; iterations: number; clock: 'cpu' | 'wall' }): Promise<Timing> {
  const t = await time(fn, opts);
  if (t.clock !== 'cpu' || t.median >= CPU_CLOCK_MIN_MS) return t;
  const batch = Math.min(100_000, Math.ceil((2 * CPU_CLOCK_MIN_MS) / Math.max(t.median, 0.0005)));
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

async function memoryPerOp(fn: BenchFn, ops: number): Promise<{ heapPerOp: number; rssPerOp: number }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const h0 = process.memoryUsage().heapUsed;
  const r0 = process.memoryUsage.rss();
  for (let i = 0; i < ops; i++) await fn();
  gc?.();
  return { heapPerOp: (process.memoryUsage().heapUsed - h0) / ops, rssPerOp: (process.memoryUsage.rss() - r0) / ops };
}

/** The first line of an error, and the next one when the first only introduces it ("Transform failed with 1 error:"). */
function message(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const lines = e.message.split('\n').map((l) => l.trim()).filter(Boolean);
  if (lines.length === 0) return e.name;
  return lines[0]!.endsWith(':') && lines[1] ? `${lines[0]} ${lines[1]}` : lines[0]!;
}

const cpuIfInstructions = (c: Clock): 'cpu' | 'wall' => (c === 'instructions' ? 'cpu' : c);

async function main(): Promise<void> {
  const req = JSON.parse(process.argv[2] ?? '{}') as WorkerRequest;
  // The parent went away (killed, interrupted): stop measuring instead of running on as an orphan.
  process.on('disconnect', () => process.exit(0));
  // A stray rejection from a benchmark's fire-and-forget promise must not kill the others' measurements.
  process.on('unhandledRejection', () => {});
  try {
    takeDeclaredBenches();
    await import(pathToFileURL(req.file).href);
  } catch (e) {
    await send({ type: 'load-error', message: message(e) });
    return;
  }
  const declared = takeDeclaredBenches();
  await send({ type: 'loaded', benchmarks: declared.map((b) => ({ name: b.name, options: b.options })) });
  const todo = declared.filter((b) => (!req.only || req.only.includes(b.name)) && !req.skip?.includes(b.name));
  if (todo.length > 0) {
    const cal = await timeOn(calibrationWorkload, { time: req.calibrationTime, warmupTime: Math.min(100, req.calibrationTime), iterations: 16, clock: cpuIfInstructions(req.defaults.clock) });
    for (const b of todo) {
      await send({ type: 'start', name: b.name, timeoutMs: b.options.timeoutMs });
      try {
        const opts = {
          time: b.options.time ?? req.defaults.time,
          warmupTime: b.options.warmupTime ?? req.defaults.warmupTime,
          iterations: b.options.iterations ?? req.defaults.iterations,
          // The instruction clock is counted under valgrind (instructions/); a plain process times on the CPU clock.
          clock: cpuIfInstructions(b.options.clock ?? req.defaults.clock),
        };
        const t = await timeOn(b.fn, opts);
        const result: RepetitionResult = { n: t.n, mean: round6(t.mean), q: t.q, cal: round6(sketchQuantile(cal.q, 0.1)), calN: cal.n, clock: t.clock };
        if (b.options.memory) {
          const mem = await memoryPerOp(b.fn, Math.max(16, Math.min(t.n, 2_000)));
          Object.assign(result, { heapPerOp: round6(mem.heapPerOp), rssPerOp: round6(mem.rssPerOp) });
        }
        await send({ type: 'result', name: b.name, result });
      } catch (e) {
        await send({ type: 'bench-error', name: b.name, message: message(e) });
      }
    }
  }
  await send({ type: 'done' });
}

await main();
process.disconnect?.();
