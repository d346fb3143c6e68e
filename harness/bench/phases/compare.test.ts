import { describe, expect, it } from 'vitest';
import { BENCH_BASELINE_VERSION, type BenchBaseline } from '../baseline.ts';
import { bench, counted, machine, measurement, pairOptions } from '../__fixtures__/scripted-measurements.ts';
import type { Measurement } from '../measure.ts';
import type { RepetitionResult } from '../protocol.ts';
import { makeSketch, SKETCH_PROBABILITIES } from '../sketch.ts';
import { cyclesMetrics, pairUp, withCalibration } from './compare.ts';

/** A counted repetition: `instructions` per op, and the sort calibration workload counted `cal` in the same process. */
const rep = (instructions: number, cal: number): RepetitionResult => counted(instructions, cal);
const measured = bench;
const options = pairOptions;

/** Two files whose processes count the sort workload 5% apart (each file's set-up leaves a different heap). */
function stored(a: { cal: number }, b: { cal: number }): { base: Measurement; baseline: BenchBaseline } {
  const base = measurement([
    measured('a > one', [rep(1e6, a.cal), rep(1e6, a.cal)]),
    measured('b > two', [rep(2e6, b.cal), rep(2e6, b.cal)]),
  ]);
  const benchmarks: BenchBaseline['benchmarks'] = {};
  for (const m of base.benches.values()) benchmarks[m.id] = { reps: m.reps };
  return {
    base,
    baseline: {
      schemaVersion: BENCH_BASELINE_VERSION,
      provenance: { date: '2026-11-27T00:00:00Z', fingerprint: withCalibration(machine, base) },
      sketchProbabilities: [...SKETCH_PROBABILITIES],
      benchmarks,
    },
  };
}

describe('the instruction clock calibration cross-check', () => {
  it('compares each benchmark with its own file processes, not the run-wide median', () => {
    const { baseline } = stored({ cal: 8.0e6 }, { cal: 8.4e6 });
    // The head ran file b only (-t, a shard): its run-wide median sort count is 2.4% off the stored run's median.
    const head = measurement([measured('b > two', [rep(2e6, 8.4e6), rep(2e6, 8.4e6)])]);
    const p = pairUp(head, { kind: 'stored', label: 'baseline', baseline, here: machine }, options);
    expect(p.incomparable).toEqual([]);
    expect(p.pairs.map((x) => x.m.id)).toEqual(['b > two']);
  });

  it("still sets a benchmark aside when its own processes' sort count moved beyond 2%", () => {
    const { baseline } = stored({ cal: 8.0e6 }, { cal: 8.4e6 });
    const head = measurement([
      measured('a > one', [rep(1e6, 8.0e6), rep(1e6, 8.0e6)]),
      measured('b > two', [rep(2e6, 8.0e6), rep(2e6, 8.0e6)]),
    ]);
    const p = pairUp(head, { kind: 'stored', label: 'baseline', baseline, here: machine }, options);
    expect(p.pairs.map((x) => x.m.id)).toEqual(['a > one']);
    expect(p.incomparable.map((x) => x.m.id)).toEqual(['b > two']);
    expect(p.incomparable[0]!.differences.join()).toMatch(/calibration 'sort' \(instructions clock\) 0\.952x/);
  });
});

describe('instruction counts that are not compared with the stored ones', () => {
  it('a baseline on the CPU clock (the committed one from another machine) is a warning, never a judgement', () => {
    const { baseline } = stored({ cal: 8.0e6 }, { cal: 8.0e6 });
    const cpu: RepetitionResult = { n: 90, mean: 0.41, q: makeSketch([0.4, 0.42]), cal: 0.38, calN: 365, clock: 'cpu' };
    baseline.benchmarks['a > one'] = { reps: [cpu, cpu] };
    const head = measurement([measured('a > one', [rep(3e6, 8.0e6), rep(3e6, 8.0e6)])]);
    const p = pairUp(head, { kind: 'stored', label: 'baseline', baseline, here: machine }, options);
    expect(p.pairs).toEqual([]);
    expect(p.checks.map((c) => [c.name, c.verdict, c.reasons[0]])).toEqual([
      [
        'a > one',
        'warn',
        'measured on the instructions clock, baseline on the cpu clock: not compared (re-save the baseline)',
      ],
    ]);
  });

  it('counts made by n/2n (no hooks addon) are not compared with counts made around the loop, and vice versa', () => {
    const { base } = stored({ cal: 8.0e6 }, { cal: 8.0e6 });
    const differenced = (r: RepetitionResult): RepetitionResult => ({ ...r, method: 'n-2n' });
    const head = measurement([
      measured('a > one', [differenced(rep(3e6, 8.0e6)), differenced(rep(3e6, 8.0e6))]),
      measured('b > two', [rep(2e6, 8.0e6), rep(2e6, 8.0e6)]),
    ]);
    const p = pairUp(head, { kind: 'measured', label: 'base', measurement: base }, options);
    expect(p.pairs.map((x) => x.m.id)).toEqual(['b > two']);
    expect(p.checks.map((c) => [c.name, c.verdict, c.reasons[0]])).toEqual([
      [
        'a > one',
        'warn',
        'counted as n/2n whole-process differences, base around the loop (valgrind hooks): not compared (re-save the baseline, or compare with --against)',
      ],
    ]);
    // Both sides by n/2n (an --against run on a machine without the addon): compared as usual.
    const both = measurement([measured('a > one', [differenced(rep(1e6, 8.0e6)), differenced(rep(1e6, 8.0e6))])]);
    expect(
      pairUp(head, { kind: 'measured', label: 'base', measurement: both }, options).pairs.map((x) => x.m.id),
    ).toEqual(['a > one']);
  });
});

describe('a base measured now, with the stored counts that hold here', () => {
  it('compares what the base measured with it, and a counted benchmark it did not measure with the stored counts', () => {
    const { baseline } = stored({ cal: 8.0e6 }, { cal: 8.0e6 });
    const wall: RepetitionResult = { n: 50, mean: 1.1, q: makeSketch([1, 1.2]), cal: 0.4, calN: 200, clock: 'wall' };
    const head = measurement([
      measured('a > one', [rep(1.05e6, 8.0e6), rep(1.05e6, 8.0e6)]),
      measured('io > trip', [wall, wall]),
      measured('c > new', [rep(5e5, 8.0e6)]),
    ]);
    const base = measurement([measured('io > trip', [wall, wall])]);
    const fallback = { kind: 'stored' as const, label: 'baseline', baseline, here: machine };
    const p = pairUp(
      head,
      { kind: 'measured', label: 'baseline commit c0ffee', measurement: base, stored: fallback },
      options,
    );
    expect(p.pairs.map((x) => [x.m.id, x.label, x.paired, x.base[0]!.mean])).toEqual([
      ['a > one', 'baseline', false, 1e6],
      ['io > trip', 'baseline commit c0ffee', true, 1.1],
    ]);
    // In neither: new, named after the measured base.
    expect(p.checks.map((c) => c.name)).toEqual(['c > new']);
    // The stored counts still pass the calibration cross-check: a sort count 5% off sets the benchmark aside.
    const moved = measurement([measured('a > one', [rep(1e6, 8.4e6), rep(1e6, 8.4e6)])]);
    const q = pairUp(moved, { kind: 'measured', label: 'base', measurement: base, stored: fallback }, options);
    expect(q.incomparable.map((x) => x.m.id)).toEqual(['a > one']);
    // Stored times from another machine are never a fallback: a timed benchmark the base did not measure is new.
    const storedTrip = { ...baseline, benchmarks: { ...baseline.benchmarks, 'io > trip': { reps: [wall, wall] } } };
    const noTrip = pairUp(
      head,
      { kind: 'measured', label: 'base', measurement: measurement([]), stored: { ...fallback, baseline: storedTrip } },
      options,
    );
    expect(noTrip.pairs.map((x) => x.m.id)).toEqual(['a > one']);
    expect(noTrip.checks.map((c) => c.name)).toEqual(['io > trip', 'c > new']);
    // Without the fallback, a benchmark the base did not measure is new.
    expect(
      pairUp(head, { kind: 'measured', label: 'base', measurement: base }, options).checks.map((c) => c.name),
    ).toEqual(['a > one', 'c > new']);
  });
});

describe('estimated cycles (cacheSim)', () => {
  it('are reported beside the counts where the processes simulated the caches, and left out where not', () => {
    const withCycles = (r: RepetitionResult, cycles: number): RepetitionResult => ({ ...r, cycles });
    const head = [withCycles(rep(1e6, 8e6), 2.6e6), withCycles(rep(1e6, 8e6), 2.4e6), withCycles(rep(1e6, 8e6), 2.5e6)];
    expect(cyclesMetrics(head, [withCycles(rep(1e6, 8e6), 2e6)])).toEqual({
      cycles_per_op: 2.5e6,
      base_cycles_per_op: 2e6,
      cycles_ratio: 1.25,
    });
    // A stored base counted without the cache simulation: the head's figure alone.
    expect(cyclesMetrics(head, [rep(1e6, 8e6)])).toEqual({ cycles_per_op: 2.5e6 });
    expect(cyclesMetrics([rep(1e6, 8e6)], [rep(1e6, 8e6)])).toEqual({});
  });
});
