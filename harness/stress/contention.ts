import { readFileSync } from 'node:fs';

/** CPU time of the calling thread and time it spent runnable but waiting for a CPU, in ns. */
export interface SchedSample {
  cpuNs: number;
  waitNs: number;
}

/** How crowded the CPU was for this thread over a window (see contentionOver). */
export interface Contention {
  /** (CPU time + run-queue wait) / CPU time: 1 on an idle machine, 3 when the thread got a third of a core. */
  factor: number;
  cpuMs: number;
  waitMs: number;
  /** CPU time of the fixed calibration workload around the load (machine-speed.ts), ms: how much work a CPU ms does here now. */
  calibrationCpuMs?: number;
}

/**
 * What divides a run's latencies in the contention gate: the contention factor times the CPU cost of
 * the fixed workload (when both runs measured it), so a crowded CPU and a slower or cache-starved CPU
 * both cancel. The ratio of two of these is what scales a baseline.
 */
export function slowdownOf(c: Contention, other: Contention): number {
  const cpu = c.calibrationCpuMs !== undefined && other.calibrationCpuMs !== undefined ? c.calibrationCpuMs : 1;
  return c.factor * cpu;
}

/**
 * The kernel's scheduler statistics for the calling thread (Linux `/proc/thread-self/schedstat`:
 * time on a CPU, time waiting on a run queue, timeslices). Undefined where the file does not exist
 * (macOS, Windows, kernels without schedstats): the latency gate then falls back to absolute milliseconds.
 */
export function readSchedstat(): SchedSample | undefined {
  try {
    const [cpu, wait] = readFileSync('/proc/thread-self/schedstat', 'utf8').trim().split(/\s+/).map(Number);
    return Number.isFinite(cpu) && Number.isFinite(wait) ? { cpuNs: cpu!, waitNs: wait! } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The contention factor between two samples. A stress scenario runs the client and the mock on the
 * thread that measures this, so CPU-bound latency (queueing of many calls) grows with this factor when
 * neighbours take the CPU, and not when the client itself needs more CPU or waits longer: dividing
 * latencies by it cancels the machine's load and keeps a slower client visible. Pure.
 */
export function contentionOver(before: SchedSample, after: SchedSample): Contention | undefined {
  const cpu = after.cpuNs - before.cpuNs;
  const wait = after.waitNs - before.waitNs;
  if (!(cpu > 0) || wait < 0) return undefined;
  return {
    factor: Math.round(((cpu + wait) / cpu) * 1e4) / 1e4,
    cpuMs: Math.round(cpu / 1e3) / 1e3,
    waitMs: Math.round(wait / 1e3) / 1e3,
  };
}
