/**
 * Messages between the parent (run-file.ts) and the benchmark worker (worker.ts), over Node's IPC
 * channel. Plain JSON; the worker is ours, so the parent checks only the `type`.
 */
import type { BenchOptions } from './api.ts';

/** What one repetition of one benchmark measured. Latencies in ms. */
export interface RepetitionResult {
  /** Number of latency samples. */
  n: number;
  /** Mean latency (for the naive rules and throughput). */
  mean: number;
  /** Fixed-size quantile sketch of the latency samples (sketch.ts). */
  q: number[];
  /** 10th-percentile latency of the calibration workload in the same process (ms): this machine's speed, robust to contention. */
  cal: number;
  /** Samples of the calibration workload. */
  calN: number;
  /** What the samples measure: process CPU time (default) or wall time. */
  clock: 'cpu' | 'wall';
  /** Heap growth per operation after a forced GC (bytes), when `memory` was asked. */
  heapPerOp?: number;
  /** RSS growth per operation (bytes), when `memory` was asked. */
  rssPerOp?: number;
}

export interface WorkerRequest {
  file: string;
  /** Run only these benchmarks (by name); all when absent. */
  only?: string[];
  /** Skip these (already done or timed out in an earlier worker of this repetition). */
  skip?: string[];
  defaults: { time: number; warmupTime: number; iterations: number; clock: 'cpu' | 'wall' };
  /** Measuring time of the calibration workload, ms. */
  calibrationTime: number;
}

export type WorkerMessage =
  | { type: 'loaded'; benchmarks: Array<{ name: string; options: BenchOptions }> }
  | { type: 'load-error'; message: string }
  | { type: 'start'; name: string; timeoutMs?: number }
  | { type: 'result'; name: string; result: RepetitionResult }
  | { type: 'bench-error'; name: string; message: string }
  | { type: 'done' };
