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
  /** Counted batches (default 4, or 2 when one call is bigger than `batch`): each costs a full collection before it. */
  batches?: number;
}

/** GAUNTLET_INSTRUCTION_BUDGET scales every budget (0.1: a tenth; quick checks and tests). */
const SCALE = Number(process.env.GAUNTLET_INSTRUCTION_BUDGET) > 0 ? Number(process.env.GAUNTLET_INSTRUCTION_BUDGET) : 1;
/** A benchmark's budget: ~40 M instructions warm-up, 4 batches of ~8 M (2 batches when one call is bigger than that). */
export const BENCH_BUDGET: CountBudget = { warmup: 40e6 * SCALE, batch: 8e6 * SCALE };
/** A calibration workload's (each ~0.1-10 M instructions per call; a cross-check, so 2 batches). */
export const CALIBRATION_BUDGET: CountBudget = { warmup: 5e6 * SCALE, batch: 2e6 * SCALE, batches: 2 };
const WARMUP_MAX_CALLS = 1_000;

export interface CountResult {
  /** Instructions per operation of each batch. */
  batches: number[];
  /** Instructions per operation over all batches. */
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
    // The whole heap is collected before each count, so that collections inside it fall at the same
    // allocations in every run: with only the young generation emptied, whether an old-generation
    // collection fell inside a count depended on the heap the count inherited, and the same code
    // counted up to 4x more in some processes. (Excluding collections from the counts with
    // callgrind's --toggle-collect made a process ~10x slower.)
    const gc = (globalThis as { gc?: () => void }).gc;
    const probe = fn();
    const isAsync = typeof (probe as { then?: unknown } | undefined)?.then === 'function';
    if (isAsync) await probe;
    const loop = (n: number): (() => unknown) =>
      isAsync
        ? async () => {
            for (let i = 0; i < n; i++) await fn();
          }
        : () => {
            for (let i = 0; i < n; i++) fn();
          };
    gc?.();
    const one = Math.max(1, (await this.counted(loop(1))).Ir ?? 1);
    // Powers of two: counts that stay the same when the first count moves a little.
    const pow2 = (x: number, max: number) => Math.min(max, 2 ** Math.max(0, Math.round(Math.log2(Math.max(1, x)))));
    await loop(pow2(budget.warmup / one, WARMUP_MAX_CALLS))();
    const opsPerBatch = pow2(budget.batch / one, 2 ** 17);
    const batchCount = budget.batches ?? (one * opsPerBatch > 1.5 * budget.batch ? 2 : 4);
    const batches: number[] = [];
    let cycles = 0;
    let total = 0;
    for (let b = 0; b < batchCount; b++) {
      gc?.();
      const t = await this.counted(loop(opsPerBatch));
      batches.push((t.Ir ?? 0) / opsPerBatch);
      total += t.Ir ?? 0;
      cycles += estimatedCycles(t) ?? NaN;
    }
    const ops = batchCount * opsPerBatch;
    return { batches, perOp: total / ops, cycles: Number.isFinite(cycles) ? cycles / ops : undefined, opsPerBatch };
  }
}
