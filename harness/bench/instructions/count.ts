/**
 * Inside a benchmark process under callgrind (`--instr-atstart=no`): counts the instructions of a
 * benchmark's measured loop only. The hooks addon switches instrumentation on at the first count
 * (it stays on), zeroes the counters before each counted loop and dumps them after it; the dump
 * is read back here. Everything is count-based, nothing time-based, so the same code runs the same
 * loop in every run: warm-up calls, batch size and batch count follow from a first counted call.
 */
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { BenchFn } from '../api.ts';
import { estimatedCycles, parseCallgrindTotals } from './callgrind-out.ts';

export interface Hooks {
  start(): void;
  stop(): void;
  zero(): void;
  dump(name: string): void;
  onValgrind(): boolean;
}

/** How much work a count does, in instructions: under valgrind every instruction costs time, counted or not. */
export interface CountBudget {
  /** Warm-up calls (not counted) aim at this many instructions in all, at least one call. */
  warmup: number;
  /** Each counted batch aims at this many instructions (at least one call). */
  batch: number;
  /** Counted batches, back to back (default 5): the figure is the cheapest batch's. */
  batches?: number;
  /** A full collection before the first call (default true; false when the code before it is deterministic). */
  collect?: boolean;
}

/** GAUNTLET_INSTRUCTION_BUDGET scales every budget (0.1: a tenth; quick checks and tests). */
const SCALE = Number(process.env.GAUNTLET_INSTRUCTION_BUDGET) > 0 ? Number(process.env.GAUNTLET_INSTRUCTION_BUDGET) : 1;
/** A benchmark's budget: ~40 M instructions warm-up, 5 batches of ~8 M (one call each when a call is bigger). */
export const BENCH_BUDGET: CountBudget = { warmup: 40e6 * SCALE, batch: 8e6 * SCALE };
/** A calibration workload's (each ~0.1-10 M instructions per call; a cross-check, so 3 batches). */
export const CALIBRATION_BUDGET: CountBudget = { warmup: 5e6 * SCALE, batch: 2e6 * SCALE, batches: 3 };
const WARMUP_MAX_CALLS = 1_000;
/**
 * At least this many warm-up calls, however large a call: V8 is still re-optimising after the full
 * collection for the first few calls ("select 10,000 candidates", 34 M instructions a call, one
 * warm-up call: 10 processes 2.4% apart).
 */
const WARMUP_MIN_CALLS = 4;
/** Single-call counts before sizing; the cheapest sets the batch size (a call a collection fell into is not). */
const SIZING_CALLS = 3;
/**
 * GAUNTLET_INSTRUCTION_TRACE=1: each step of a count, with the process's elapsed seconds, on stderr
 * (where a counted process's time goes). Steps are recorded in preallocated typed arrays and written
 * when the process has finished counting (`flushCountTrace`): a line written between two counts
 * allocated strings and write requests that moved the next count's garbage collections and malloc
 * state (the SQLite benchmarks counted 1.5% more with the trace on).
 */
const TRACE = Boolean(process.env.GAUNTLET_INSTRUCTION_TRACE);
const STEPS = ['full collection', 'first call', 'sizing count', 'warm-up calls', 'batch', 'start'] as const;
const TRACE_MAX = TRACE ? 4096 : 0;
const traceAt = new Float64Array(TRACE_MAX);
const traceStep = new Uint8Array(TRACE_MAX);
const traceA = new Float64Array(TRACE_MAX);
const traceB = new Float64Array(TRACE_MAX);
let traced = 0;
const trace = (step: number, a = 0, b = 0): void => {
  if (traced >= TRACE_MAX) return;
  traceAt[traced] = performance.now();
  traceStep[traced] = step;
  traceA[traced] = a;
  traceB[traced++] = b;
};

/** Writes the recorded trace (GAUNTLET_INSTRUCTION_TRACE=1) to stderr; call it after the last count. */
export function flushCountTrace(): void {
  const lines: string[] = [];
  for (let i = 0; i < traced; i++) {
    const [a, b] = [traceA[i]!, traceB[i]!];
    const what = STEPS[traceStep[i]!]!;
    const detail =
      what === 'sizing count'
        ? `: ${a} instructions`
        : what === 'warm-up calls'
          ? `: ${a}`
          : what === 'batch'
            ? ` ${a}: ${b} instructions`
            : '';
    lines.push(`[count ${(traceAt[i]! / 1000).toFixed(2)} s] ${what}${detail}\n`);
  }
  traced = 0;
  if (lines.length) process.stderr.write(lines.join(''));
}

export interface CountResult {
  /** Instructions per operation of each batch. */
  batches: number[];
  /** Instructions per operation of the cheapest batch. */
  perOp: number;
  /** Estimated cycles per operation (cache simulation on), else undefined. */
  cycles?: number;
  /** Operations per batch. */
  opsPerBatch: number;
}

export class InstructionCounter {
  private dumps = 0;
  private on = false;
  constructor(
    private readonly hooks: Hooks,
    /** callgrind's --callgrind-out-file, without the pid (`<base>.<pid>.<n>` are the dumps). */
    private readonly outBase: string,
  ) {}

  static load(addon: string, outBase: string): InstructionCounter {
    const hooks = createRequire(import.meta.url)(addon) as Hooks;
    if (!hooks.onValgrind()) throw new Error('the instruction clock needs the process to run under valgrind');
    return new InstructionCounter(hooks, outBase);
  }

  /**
   * Instrumentation goes on at the first count and stays on: switching it costs callgrind a flush of
   * every translated block, and the code run next is translated again (seconds per switch in a Node
   * process); code run instrumented but outside a count is zeroed away before each count.
   */
  private instrument(): void {
    if (this.on) return;
    this.hooks.start();
    this.on = true;
  }

  /** Counted events of one call of `run`. */
  private async counted(run: () => unknown): Promise<Record<string, number>> {
    this.instrument();
    this.hooks.zero();
    const r = run();
    if (r instanceof Promise) await r;
    this.hooks.dump('gauntlet');
    const file = `${this.outBase}.${process.pid}.${++this.dumps}`;
    const totals = parseCallgrindTotals(readFileSync(file, 'utf8'));
    rmSync(file, { force: true });
    return totals;
  }

  /** Instructions per call of `fn`, over counted batches after a count-based warm-up. */
  async count(fn: BenchFn, budget: CountBudget = BENCH_BUDGET): Promise<CountResult> {
    // One full collection before the benchmark's first call, so that every run starts its count from
    // the same heap (an old-generation collection inside a count that inherited a different heap
    // counted the same code up to 4x more in some processes). Not one before each batch: under
    // --single-threaded the first call after a full collection costs ~20x a steady call (V8's
    // clean-up after the collection runs on the main thread: "select 100 candidates (x50)" counted
    // 109 M instructions per op with a collection before each batch, 9.0 M without), so the figure
    // measured that clean-up more than the benchmark, and each collection costs ~1 s under callgrind.
    // The uncounted first call, the sizing count and the warm-up absorb it instead.
    const gc = (globalThis as { gc?: () => void }).gc;
    if (budget.collect !== false) gc?.();
    trace(budget.collect !== false ? 0 : 5);
    const probe = fn();
    const isAsync = typeof (probe as { then?: unknown } | undefined)?.then === 'function';
    if (isAsync) await probe;
    trace(1);
    const loop = (n: number): (() => unknown) =>
      isAsync
        ? async () => {
            for (let i = 0; i < n; i++) await fn();
          }
        : () => {
            for (let i = 0; i < n; i++) fn();
          };
    // The batch size and warm-up follow from the cheapest of a few single-call counts made after a
    // short warm-up: a count of the second call ever (the sizing of earlier versions) varied by up to
    // 65% with the heap the process came with (its path, its environment, a trace line), and a
    // different batch size moved the figure of a benchmark with periodic costs (SQLite's WAL
    // checkpoints): the same code counted 1.5% apart in two clones of the repository.
    await loop(WARMUP_MIN_CALLS)();
    const sizing: Array<Record<string, number>> = [];
    for (let i = 0; i < SIZING_CALLS; i++) sizing.push(await this.counted(loop(1)));
    const one = Math.max(1, Math.min(...sizing.map((t) => t.Ir ?? 1)));
    trace(2, one);
    // Powers of two, rounded down: counts that stay the same when the sizing count moves a little.
    const pow2 = (x: number, max: number) => Math.min(max, 2 ** Math.max(0, Math.floor(Math.log2(Math.max(1, x)))));
    const warmup = Math.max(0, pow2(budget.warmup / one, WARMUP_MAX_CALLS) - WARMUP_MIN_CALLS - SIZING_CALLS);
    await loop(warmup)();
    trace(3, warmup);
    const opsPerBatch = pow2(budget.batch / one, 2 ** 17);
    const batchCount = budget.batches ?? 5;
    // A call bigger than a batch, with no warm-up left: the single-call sizing counts were batches already.
    const batches = opsPerBatch === 1 && warmup === 0 ? sizing.slice(0, batchCount) : [];
    while (batches.length < batchCount) {
      batches.push(await this.counted(loop(opsPerBatch)));
      trace(4, batches.length, batches[batches.length - 1]!.Ir ?? 0);
    }
    const counts = batches.map((t) => {
      const cycles = estimatedCycles(t);
      return {
        perOp: (t.Ir ?? 0) / opsPerBatch,
        ...(cycles !== undefined ? { cycles: cycles / opsPerBatch } : {}),
      };
    });
    // The cheapest batch: collections (a scavenge every few calls of an allocating benchmark, an
    // old-generation collection whose timing follows the heap the process came with) and SQLite's WAL
    // checkpoints fall into some batches and not others, and which ones moved with the clone's path:
    // the median batch of "select 10,000 candidates" counted 34.0 M in one clone and 34.8 M in
    // another, the cheapest batch is the same in both. The figure is the benchmark's own work;
    // allocation shows in `memory: true`'s bytes per op.
    const mid = counts.reduce((a, b) => (b.perOp < a.perOp ? b : a));
    return { batches: counts.map((c) => c.perOp), perOp: mid.perOp, cycles: mid.cycles, opsPerBatch };
  }
}
