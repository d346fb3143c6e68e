/**
 * Child-process entry: imports one (bundled) bench file, tells the parent what it declares, and
 * measures the benchmarks the parent picks, with the calibration workloads beside them: timed with
 * tinybench on the CPU or wall clock, or, under callgrind, counted in instructions. Reports over IPC.
 * One process per file and repetition, so one benchmark's JIT state and heap do not leak into the
 * next file's. Started by run-file.ts as `node --expose-gc <bundled worker> '<request json>'`.
 */
import { pathToFileURL } from 'node:url';
import { takeDeclaredBenches, type DeclaredBench } from './api.ts';
import { allocatedPerOp } from './allocation.ts';
import { calibrationWorkload } from './calibration-workload.ts';
import { measureCalibrationVector } from './calibration-vector.ts';
import { CALIBRATION_BUDGET, flushCountTrace, InstructionCounter } from './instructions/count.ts';
import { loopForDifference } from './instructions/difference.ts';
import { makeSketch, round6, sketchQuantile } from './sketch.ts';
import { timeOn } from './timing.ts';
import { errorHeadline } from '../core/errors.ts';
import type {
  CalibrationVector,
  Clock,
  RepetitionResult,
  RunMessage,
  WorkerMessage,
  WorkerRequest,
} from './protocol.ts';

const send = (m: WorkerMessage): Promise<void> =>
  new Promise((resolve) => {
    if (!process.send) {
      process.stdout.write(JSON.stringify(m) + '\n');
      resolve();
    } else process.send(m, undefined, undefined, () => resolve());
  });

/**
 * The parent's pick of benchmarks to measure (undefined: no parent, e.g. run by hand: all of them).
 * Listening starts before 'loaded' is sent: a message that arrives with no listener is lost.
 */
const awaitPick = (): Promise<string[] | undefined> =>
  !process.send
    ? Promise.resolve(undefined)
    : new Promise((resolve) => {
        process.once('message', (m: RunMessage) => resolve(m.names));
      });

const round = (v: CalibrationVector): CalibrationVector => ({
  int: round6(v.int),
  float: round6(v.float),
  alloc: round6(v.alloc),
  memory: round6(v.memory),
});

/** Measures benchmarks one way (timed or counted), with the calibration figures measured the same way once per process. */
interface Measurer {
  /** Work before the first measurement; returns the benchmarks that are still to be measured (a throw is reported). */
  prepare?(todo: DeclaredBench[]): Promise<DeclaredBench[]>;
  calibration(): Promise<{ cal: number; calN: number; calibration?: CalibrationVector }>;
  bench(b: DeclaredBench): Promise<RepetitionResult>;
}

/**
 * Calls per sample of a calibration-vector workload on the CPU clock: ~0.4-0.7 ms per sample on a
 * 2020s server core, the batch size the two-pass timing chose for them (10-18 calls).
 */
const CALIBRATION_BATCH = 16;

function timedMeasurer(req: WorkerRequest): Measurer {
  // A plain process times the instruction clock's benchmarks on the CPU clock (valgrind missing: the parent says so in a note).
  const clockOf = (c: Clock): 'cpu' | 'wall' => (c === 'instructions' ? 'cpu' : c);
  const clock = clockOf(req.defaults.clock);
  let cal: { cal: number; calN: number; calibration: CalibrationVector } | undefined;
  return {
    async calibration() {
      const c = await timeOn(calibrationWorkload, {
        time: req.calibrationTime,
        warmupTime: Math.min(100, req.calibrationTime),
        iterations: 16,
        clock,
      });
      // The vector's workloads take ~0.02-0.05 ms per call, below the CPU clock's resolution: timed in
      // batches from the start (a first, unbatched pass to find that out would double their cost).
      const each = Math.max(10, req.calibrationTime / 4);
      const calibration = await measureCalibrationVector(async (fn) =>
        sketchQuantile(
          (
            await timeOn(fn, {
              time: each,
              warmupTime: Math.min(50, each),
              iterations: 16,
              clock,
              batch: CALIBRATION_BATCH,
            })
          ).q,
          0.1,
        ),
      );
      return (cal = { cal: round6(sketchQuantile(c.q, 0.1)), calN: c.n, calibration: round(calibration) });
    },
    async bench(b) {
      const o = b.options;
      const t = await timeOn(b.fn, {
        time: o.time ?? req.defaults.time,
        warmupTime: o.warmupTime ?? req.defaults.warmupTime,
        iterations: o.iterations ?? req.defaults.iterations,
        clock: clockOf(o.clock ?? req.defaults.clock),
      });
      return { n: t.n, mean: round6(t.mean), q: t.q, ...cal!, clock: t.clock };
    },
  };
}

/** Uncounted calls of each benchmark before instrumentation goes on, then after the one full collection. */
const PREWARM_CALLS = 5;
const REWARM_CALLS = 3;

async function prewarm(fn: DeclaredBench['fn'], calls: number): Promise<void> {
  for (let i = 0; i < calls; i++) {
    const r = fn();
    if (typeof (r as { then?: unknown } | undefined)?.then === 'function') await r;
  }
}

function countingMeasurer(req: WorkerRequest, hooks: { hooks: string; outBase: string }): Measurer {
  const counter = InstructionCounter.load(hooks.hooks, hooks.outBase);
  let cal: { cal: number; calN: number } | undefined;
  return {
    async prepare(todo) {
      // Every benchmark's first calls run before instrumentation goes on (valgrind without it runs ~10x
      // faster than callgrind with it): V8 parses, compiles and optimises the benchmark's code there
      // instead of in the instrumented stretch. Then one full collection and a few calls more, so the
      // code that collection deoptimised is compiled again before the counts too. Each count still
      // starts with its own full collection (count.ts): the same heap in every run.
      const ready: DeclaredBench[] = [];
      for (const b of todo) {
        await send({ type: 'start', name: b.name, timeoutMs: b.options.timeoutMs });
        try {
          await prewarm(b.fn, PREWARM_CALLS);
          ready.push(b);
        } catch (e) {
          await send({ type: 'bench-error', name: b.name, message: errorHeadline(e) });
        }
      }
      (globalThis as { gc?: () => void }).gc?.();
      for (const b of ready) {
        await send({ type: 'start', name: b.name, timeoutMs: b.options.timeoutMs });
        await prewarm(b.fn, REWARM_CALLS);
      }
      return ready;
    },
    async calibration() {
      // The sort workload only: counts are compared when the code parts of the fingerprint match, and
      // the sort count is their cross-check (comparability.ts). The vector's four workloads cost a
      // counted process ~6 s under callgrind and told nothing the sort count does not.
      const c = await counter.count(calibrationWorkload, CALIBRATION_BUDGET);
      return (cal = { cal: round6(c.perOp), calN: c.batches.length });
    },
    async bench(b) {
      const c = await counter.count(b.fn);
      const sorted = [...c.batches].sort((x, y) => x - y);
      return {
        n: c.batches.length,
        mean: round6(c.perOp),
        q: makeSketch(sorted),
        ...cal!,
        clock: 'instructions',
        instructions: round6(c.perOp),
        ...(c.cycles !== undefined ? { cycles: round6(c.cycles) } : {}),
      };
    },
  };
}

/** Calls for the allocation figure: up to the timed sample count, or ~30 M instructions' worth when counting (slow under valgrind). */
const memoryOps = (r: RepetitionResult): number =>
  r.instructions ? Math.max(2, Math.min(1_000, Math.round(30e6 / r.instructions))) : Math.max(16, Math.min(r.n, 2_000));

async function main(): Promise<void> {
  const req = JSON.parse(process.argv[2] ?? '{}') as WorkerRequest;
  // The parent went away (killed, interrupted): stop measuring instead of running on as an orphan.
  process.on('disconnect', () => process.exit(0));
  // A stray rejection from a benchmark's fire-and-forget promise must not kill the others' measurements.
  process.on('unhandledRejection', () => {});
  let measurer: Measurer;
  try {
    measurer = req.instructions ? countingMeasurer(req, req.instructions) : timedMeasurer(req);
    takeDeclaredBenches();
    await import(pathToFileURL(req.file).href);
  } catch (e) {
    await send({ type: 'load-error', message: errorHeadline(e) });
    return;
  }
  const declared = takeDeclaredBenches();
  const pick = awaitPick();
  await send({ type: 'loaded', benchmarks: declared.map((b) => ({ name: b.name, options: b.options })) });
  const names = new Set((await pick) ?? declared.map((b) => b.name));
  const todo = declared.filter(
    (b) => names.has(b.name) && (!req.only || req.only.includes(b.name)) && !req.skip?.includes(b.name),
  );
  if (req.difference) {
    // n/2n: one benchmark, no calibration workloads (the difference would cancel them), nothing else.
    for (const b of todo.slice(0, 1)) {
      await send({ type: 'start', name: b.name, timeoutMs: b.options.timeoutMs });
      try {
        const sizes = await loopForDifference(b.fn, req.difference.factor, req.difference.sizes);
        await send({ type: 'looped', name: b.name, sizes });
      } catch (e) {
        await send({ type: 'bench-error', name: b.name, message: errorHeadline(e) });
      }
    }
  } else if (todo.length > 0) {
    const ready = measurer.prepare ? await measurer.prepare(todo) : todo;
    await measurer.calibration();
    for (const b of ready) {
      await send({ type: 'start', name: b.name, timeoutMs: b.options.timeoutMs });
      try {
        const result = await measurer.bench(b);
        if (b.options.memory) result.heapPerOp = round6(await allocatedPerOp(b.fn, memoryOps(result)));
        await send({ type: 'result', name: b.name, result });
      } catch (e) {
        await send({ type: 'bench-error', name: b.name, message: errorHeadline(e) });
      }
    }
  }
  flushCountTrace();
  await send({ type: 'done' });
}

await main();
process.disconnect?.();
