/**
 * What one repetition of one benchmark measured (the schema stored in baselines too), and the
 * messages between the parent (run-file.ts) and the benchmark worker (worker.ts) over Node's IPC
 * channel. The worker is ours, so the parent checks only a message's `type`.
 */
import { z } from 'zod';
import type { BenchOptions } from './api.ts';
import { SKETCH_PROBABILITIES } from './sketch.ts';

/** What a repetition's figures count: process CPU time (ms), wall time (ms), or instructions executed (valgrind). */
export const clockSchema = z.enum(['cpu', 'wall', 'instructions']);
export type Clock = z.output<typeof clockSchema>;

/** The unlike calibration workloads every benchmark process measures next to its benchmarks (calibration-vector.ts). */
export const CALIBRATION_WORKLOADS = ['int', 'float', 'alloc', 'memory'] as const;
export type CalibrationWorkload = (typeof CALIBRATION_WORKLOADS)[number];

const finiteNonNegative = z.number().finite().nonnegative();
const finitePositive = z.number().finite().positive();

/** One figure per calibration workload, per operation, on the repetition's clock (ms, or instructions). */
export const calibrationVectorSchema = z.strictObject({
  int: finitePositive,
  float: finitePositive,
  alloc: finitePositive,
  memory: finitePositive,
});
export type CalibrationVector = z.output<typeof calibrationVectorSchema>;

/**
 * One repetition of one benchmark. On the time clocks the figures are ms per operation; on the
 * instruction clock they are instructions per operation (q: the per-batch figures of the measured loop).
 */
export const repetitionSchema = z.strictObject({
  /** Number of samples (timed samples, or measured batches on the instruction clock). */
  n: z.number().int().positive(),
  /** Mean per operation (for the naive rules and throughput). */
  mean: finiteNonNegative,
  /** Fixed-size quantile sketch of the samples (sketch.ts). */
  q: z.array(finiteNonNegative).length(SKETCH_PROBABILITIES.length),
  /** 10th percentile of the sort calibration workload in the same process, on the same clock: this machine's speed, robust to contention. */
  cal: finitePositive,
  /** Samples of the calibration workload. */
  calN: z.number().int().positive(),
  clock: clockSchema,
  /** Instruction clock: instructions per operation over the whole measured loop (the headline figure). */
  instructions: finitePositive.optional(),
  /** Instruction clock with cache simulation: estimated cycles per operation (Ir + 10 x L1 misses + 100 x LL misses). */
  cycles: finitePositive.optional(),
  /** Instruction clock: how it was counted, when not by the hooks addon around the loop (n-2n: two whole processes). */
  method: z.literal('n-2n').optional(),
  /** The calibration vector measured in this process the way the benchmarks are (same clock). */
  calibration: calibrationVectorSchema.optional(),
  /** Bytes allocated on the V8 heap per operation (collected or not), when `memory` was asked. */
  heapPerOp: z.number().finite().optional(),
  /** No longer measured (RSS growth per operation is not a per-operation figure); read from older baselines. */
  rssPerOp: z.number().finite().optional(),
});
export type RepetitionResult = z.output<typeof repetitionSchema>;

export interface WorkerRequest {
  file: string;
  /** Run only these benchmarks (by name); all when absent. */
  only?: string[];
  /** Skip these (already done or timed out in an earlier worker of this repetition). */
  skip?: string[];
  defaults: { time: number; warmupTime: number; iterations: number; clock: Clock };
  /** Measuring time of the calibration workload, ms. */
  calibrationTime: number;
  /** Set when the process runs under callgrind: count instructions (instructions/count.ts) instead of timing. */
  instructions?: { hooks: string; outBase: string };
  /**
   * Set when the process runs under callgrind counting the whole process (no hooks addon): run one
   * benchmark's loop `factor` times n, sized here (factor 1) or as given (factor 2); instructions/difference.ts.
   */
  difference?: { factor: 1 | 2; sizes?: { warmup: number; iterations: number } };
}

/** The parent's answer to 'loaded': which of the declared benchmarks this process measures. */
export interface RunMessage {
  type: 'run';
  names: string[];
}

export type WorkerMessage =
  | { type: 'loaded'; benchmarks: Array<{ name: string; options: BenchOptions }> }
  | { type: 'load-error'; message: string }
  | { type: 'start'; name: string; timeoutMs?: number }
  | { type: 'result'; name: string; result: RepetitionResult }
  | { type: 'looped'; name: string; sizes: { warmup: number; iterations: number } }
  | { type: 'bench-error'; name: string; message: string }
  | { type: 'done' };
