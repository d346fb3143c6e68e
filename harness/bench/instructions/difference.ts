/**
 * The instruction clock without the hooks addon (issue 12: "fall back to the difference of two runs
 * with n and 2n iterations where no addon loads"). callgrind counts a whole benchmark process; two
 * processes run the same code except that the second runs the measured loop twice as many times,
 * so the difference of their totals is n operations, start-up and module loading included in both
 * and cancelled. Process 1 sizes the loop from CPU time (not counts: nothing can be counted inside
 * the process) and reports its sizes; process 2 is told them, so both run the same warm-up calls.
 * Costs two processes per benchmark, and the start-up's own variation (~1e-6 of ~3 G instructions
 * for a synchronous file, up to 0.3% for a file whose set-up awaits I/O) lands on the difference:
 * the loop is sized to ~0.1 G instructions or more to keep that small.
 */
import type { BenchFn } from '../api.ts';

/** What process 1 ran (warm-up calls, loop iterations n); process 2 runs the same warm-up and 2n. */
export interface DifferenceSizes {
  warmup: number;
  iterations: number;
}

/** GAUNTLET_INSTRUCTION_BUDGET scales the CPU time each part aims at (0.1 in tests). */
const SCALE = Number(process.env.GAUNTLET_INSTRUCTION_BUDGET) > 0 ? Number(process.env.GAUNTLET_INSTRUCTION_BUDGET) : 1;
/** CPU ms under callgrind (~20-60 M instructions per second there): warm-up at least, then the loop n. */
const WARMUP_MS = 500 * SCALE;
const WARMUP_MIN_CALLS = 15;
const LOOP_MS = 3_000 * SCALE;
const MAX_ITERATIONS = 2 ** 20;

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/**
 * Inside a process under callgrind with whole-process counting: warm-up then the measured loop,
 * `factor` (1 or 2) times n. Without `given` it sizes them (process 1); with it, it repeats them.
 * The warm-up runs in doubling batches (1, 2, 4, ... calls) until WARMUP_MS of CPU time and
 * WARMUP_MIN_CALLS calls, and the loop is sized from the last batch: the first calls cost far more
 * (valgrind translates new code, V8 compiles on the main thread), so a first call says little.
 * Both processes run the same instructions around the loop (the clock is read in both).
 */
export async function loopForDifference(
  fn: BenchFn,
  factor: 1 | 2,
  given?: DifferenceSizes,
  now: () => number = cpuMs,
): Promise<DifferenceSizes> {
  const probe = fn();
  const isAsync = typeof (probe as { then?: unknown } | undefined)?.then === 'function';
  if (isAsync) await probe;
  const run = async (n: number) => {
    if (isAsync) for (let i = 0; i < n; i++) await fn();
    else for (let i = 0; i < n; i++) fn();
  };
  const t0 = now();
  let warmup = 0;
  let perCall = 0;
  for (let batch = 1; ; batch *= 2) {
    if (given ? warmup >= given.warmup : warmup >= WARMUP_MIN_CALLS && now() - t0 >= WARMUP_MS) break;
    if (given) now();
    const b0 = now();
    await run(batch);
    perCall = (now() - b0) / batch;
    warmup += batch;
  }
  const sized = Math.min(
    MAX_ITERATIONS,
    2 ** Math.max(0, Math.round(Math.log2(Math.max(1, LOOP_MS / Math.max(1e-6, perCall))))),
  );
  const iterations = given?.iterations ?? sized;
  await run(factor * iterations);
  return { warmup, iterations };
}

/** Instructions (and other events) per operation from the two processes' totals. */
export function perOperation(
  one: Record<string, number>,
  two: Record<string, number>,
  iterations: number,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(two)) out[k] = (v - (one[k] ?? 0)) / iterations;
  return out;
}
