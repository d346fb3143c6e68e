/**
 * How far the calibration vector's shape moves between runs on one machine: for each workload, its
 * figure relative to the sort workload in each run, and the largest over the smallest of those
 * (max/min). The comparability rule with `normalize` (comparability.ts, SAME_MACHINE_SHAPE_SPREAD)
 * calls a stored baseline "not comparable" when one workload moved further than its bound relative
 * to sort, so the bound must sit above what `gauntlet bench --calibrate` measures here. Pure.
 */
import type { FingerprintCalibration } from './fingerprint.ts';
import { CALIBRATION_WORKLOADS, type CalibrationWorkload, type Clock } from './protocol.ts';

export interface ShapeSpread {
  clock: Clock;
  workload: CalibrationWorkload;
  /** max/min over the runs of (workload / sort): the largest movement between any two of them (>= 1). */
  spread: number;
  /** Runs that measured this workload. */
  runs: number;
}

/** Per time clock and workload, the spread of (workload / sort) over the runs' calibration figures. */
export function shapeSpreads(runs: ReadonlyArray<FingerprintCalibration | undefined>): ShapeSpread[] {
  const out: ShapeSpread[] = [];
  for (const clock of ['cpu', 'wall'] as const) {
    for (const workload of CALIBRATION_WORKLOADS) {
      const rel = runs
        .map((c) => c?.[clock])
        .map((v) => (v?.[workload] !== undefined ? v[workload] / v.sort : undefined))
        .filter((x): x is number => x !== undefined && Number.isFinite(x) && x > 0);
      if (rel.length > 1) out.push({ clock, workload, spread: Math.max(...rel) / Math.min(...rel), runs: rel.length });
    }
  }
  return out;
}

/** One line per clock, e.g. "cpu clock: calibration shape over 11 runs (workload / sort, max/min): int 1.08x, ...". */
export function describeShapeSpreads(s: readonly ShapeSpread[], bound: number): string[] {
  const clocks = [...new Set(s.map((x) => x.clock))];
  return clocks.map((clock) => {
    const mine = s.filter((x) => x.clock === clock);
    const largest = Math.max(...mine.map((x) => x.spread));
    return `${clock} clock: calibration shape over ${Math.max(...mine.map((x) => x.runs))} runs (each workload relative to sort, max/min): ${mine.map((x) => `${x.workload} ${x.spread.toFixed(3)}x`).join(', ')}; largest ${largest.toFixed(3)}x, the same-machine bound is ${bound}x${largest > bound ? ' (EXCEEDED: a baseline saved here could be judged not comparable)' : ''}`;
  });
}
