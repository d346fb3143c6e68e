import { z } from 'zod';
import { clockSchema } from './protocol.ts';

/** The `bench` entry of `gauntlet.config.ts`. Every key but kind and name has a default. */
export const benchEntrySchema = z.strictObject({
  kind: z.literal('bench'),
  name: z.string().min(1),
  /** Directory searched (recursively) for `*.bench.ts`, relative to the config file. */
  dir: z.string().min(1).default('suites/bench'),
  /** Only these bench files (paths relative to `dir`); all `*.bench.ts` under `dir` when absent. */
  files: z.array(z.string().min(1)).min(1).optional(),
  /** The stored baseline. */
  baseline: z.string().min(1).default('baselines/bench.json'),
  /**
   * The bench history file of gauntlet before the history store (JSON lines), default
   * `baselines/history/<suite name>.jsonl`: read for the trend while the history store holds none of
   * this suite's runs (`gauntlet history import FILE` moves it into the store). Never written now.
   */
  history: z.string().min(1).optional(),
  /** Runs drawn in each benchmark's trend sparkline. */
  historyLimit: z.number().int().positive().default(200),
  /** Process-level repetitions per benchmark on the CPU and wall clocks (each a fresh process). */
  repetitions: z.number().int().min(2).max(100).default(6),
  /** Measuring time per benchmark and repetition, ms. */
  time: z.number().positive().default(100),
  /** Warm-up per benchmark and repetition, ms. */
  warmupTime: z.number().nonnegative().default(100),
  /**
   * What samples measure unless a benchmark says otherwise: instructions executed under valgrind,
   * process CPU time, or wall time (see BenchOptions.clock). `instructions` by default: where
   * valgrind is not installed those benchmarks are timed on the CPU clock and a note says so
   * (docs/guide/bench.md). Benchmarks that wait on I/O or another process set `clock: 'wall'`.
   */
  clock: clockSchema.default('instructions'),
  /** Counted processes per file (and side) on the instruction clock: counts repeat to ~0.1%, so one suffices. */
  instructionRepetitions: z.number().int().min(1).max(100).default(1),
  /**
   * Instruction clock: also simulate the caches (callgrind `--cache-sim=yes`) and report estimated
   * cycles per operation (instructions + 10 x L1 misses + 100 x last-level misses), so that a change in
   * memory behaviour shows beside the count. Reported, not judged; a counted process takes about twice as long.
   */
  cacheSim: z.boolean().default(false),
  /** Minimum iterations per benchmark and repetition. */
  iterations: z.number().int().positive().default(16),
  /** Measuring time of the calibration workload in each process, ms. */
  calibrationTime: z.number().positive().default(150),
  /** Per-benchmark limit per repetition (warm-up + measuring), ms. */
  timeoutMs: z.number().int().positive().default(30_000),
  /** Suite-wide false-failure budget (family-wise error rate over all benchmarks, Holm). */
  alpha: z.number().gt(0).lt(0.5).default(0.01),
  /** The slowdown the gate must catch; a benchmark whose minimum detectable slowdown is larger gets a note. */
  threshold: z.number().positive().default(0.2),
  /** CPU and wall clocks: credible slowdowns up to this fraction pass (practical significance); counts use `instructionTolerance`. */
  tolerance: z.number().nonnegative().default(0.05),
  /** Instruction-clock benchmarks: more instructions per operation than this fraction fail (counts repeat to well under 1%, so it can be tight). */
  instructionTolerance: z.number().nonnegative().default(0.01),
  /** Re-run flagged benchmarks and fail only when the re-run confirms. */
  confirm: z.boolean().default(true),
  /** Divide stored figures by the same-process calibration workload (normalises machine speed and load); a base measured in the same run (--against) is compared as measured. */
  normalize: z.boolean().default(true),
  /** The latency quantile compared (0.1: the 10th percentile, robust to CPU contention; 0.5: the median). */
  location: z.number().gt(0).lt(1).default(0.1),
  /** Bootstrap resamples (raised automatically to resolve alpha/m). */
  resamples: z.number().int().min(200).default(4000),
});

export type BenchEntry = z.output<typeof benchEntrySchema>;

/** Command-line options of `gauntlet bench` (and `--save` of `gauntlet run`). */
export const benchFlagsSchema = z.object({
  /** Store this run as the new baseline (never in CI, never after an error). */
  save: z.boolean().optional(),
  /** Compare with this git ref, measured in a temporary worktree interleaved with the head. */
  against: z.string().min(1).optional(),
  repetitions: z.number().int().min(2).optional(),
  time: z.number().positive().optional(),
  /** Substrings of benchmark ids to run. */
  filter: z.array(z.string()).optional(),
  /** A/A calibration: judge the unchanged suite against a reference run this many times (calibrate.ts). */
  calibrate: z.number().int().min(1).optional(),
});
export type BenchFlags = z.output<typeof benchFlagsSchema>;
