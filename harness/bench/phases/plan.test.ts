import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readBenchBaseline, type BenchBaseline } from '../baseline.ts';
import { currentFingerprint } from '../fingerprint.ts';
import { planBench, storedCountsOnly, storedDifferences, storedFilesOf, type BenchPlan } from './plan.ts';

const fixture = fileURLToPath(new URL('../__fixtures__/bench-baseline-v1-other-machine.json', import.meta.url));
const here = currentFingerprint();
const files = ['suites/bench/a.bench.ts'];
const sameMachine = (commit?: string): BenchBaseline => ({
  schemaVersion: 2,
  provenance: { ...(commit ? { gitCommit: commit } : {}), date: '2026-11-27T00:00:00Z', fingerprint: here },
  sketchProbabilities: [],
  benchmarks: { 'a > x': { reps: [{ n: 1, mean: 1, q: [], cal: 1, calN: 1, clock: 'cpu' }] } },
});

describe('bench plan', () => {
  it('measures the ref given with --against, and nothing else is read', () => {
    expect(
      planBench({ files, repetitions: 3, against: 'origin/main', saving: false, here, reachable: () => true }).base,
    ).toEqual({ kind: 'ref', ref: 'origin/main', label: 'origin/main' });
  });

  it('compares a same-machine baseline directly, keeping its commit for the confirmation re-run', () => {
    const plan = planBench({
      files,
      repetitions: 3,
      saving: false,
      stored: sameMachine('c0ffee'),
      here,
      reachable: (c) => c === 'c0ffee',
    });
    expect(plan.base).toMatchObject({ kind: 'stored', commit: 'c0ffee' });
    expect(plan.notes).toEqual([]);
  });

  it('a baseline from another machine: its commit is measured now when reachable, else nothing is judged on its figures', async () => {
    const old = (await readBenchBaseline(fixture))!; // version 1, saved on another machine: migrated in memory
    expect(old.schemaVersion).toBe(2);
    expect(storedDifferences(old, here)).toContain('the baseline does not record its V8 version');
    const reachable = planBench({ files, repetitions: 3, saving: false, stored: old, here, reachable: () => true });
    expect(reachable.base).toMatchObject({
      kind: 'ref',
      ref: old.provenance.gitCommit,
      label: `baseline commit ${old.provenance.gitCommit!.slice(0, 10)}`,
    });
    expect(reachable.notes[0]).toMatch(/from another machine .*measured now, interleaved with the head/);
    const gone = planBench({ files, repetitions: 3, saving: false, stored: old, here, reachable: () => false });
    expect(gone.base).toEqual({ kind: 'stored', baseline: old });
    expect(gone.notes[0]).toMatch(/is not in this repository: nothing is judged on absolute figures/);
  });

  it('is a pure function of the file list (a shard passes its share)', () => {
    const a = planBench({ files: ['x', 'y'], repetitions: 2, saving: false, here, reachable: () => false });
    expect(planBench({ files: ['y'], repetitions: 2, saving: false, here, reachable: () => false })).toEqual({
      ...a,
      files: ['y'],
    });
  });

  it('knows from the stored baseline which benchmarks each file has, counted or timed (their listing process is skipped)', () => {
    const rep = (clock: 'instructions' | 'wall') => ({ n: 1, mean: 1, q: [], cal: 1, calN: 1, clock });
    const stored: BenchBaseline = {
      ...sameMachine(),
      benchmarks: {
        'a > x': { reps: [rep('instructions')] },
        'a > y': { reps: [rep('instructions')] },
        'io > round trip': { reps: [rep('wall')] },
        'gone > z': { reps: [rep('instructions')] },
      },
    };
    const all = ['suites/bench/a.bench.ts', 'suites/bench/io.bench.ts', 'suites/bench/new.bench.ts'];
    const plan = planBench({ files: all, repetitions: 3, saving: false, stored, here, reachable: () => false });
    expect(storedFilesOf(plan, 'suites/bench')).toEqual(
      new Map([
        ['suites/bench/a.bench.ts', { counted: ['x', 'y'], timed: [] }],
        ['suites/bench/io.bench.ts', { counted: [], timed: ['round trip'] }],
      ]),
    );
    const none = planBench({ files: all, repetitions: 3, saving: false, here, reachable: () => false });
    expect(storedFilesOf(none, 'suites/bench').size).toBe(0);
  });

  it('a baseline from another CPU under valgrind: its counts still hold, only its timed files are measured on the base side', () => {
    const rep = (clock: 'instructions' | 'wall') => ({ n: 1, mean: 1, q: [], cal: 1, calN: 1, clock });
    const counter = 'valgrind-3.19.0 count-v2';
    const xeon = {
      ...here,
      arch: 'x64',
      counter,
      cpu: 'Intel Xeon',
      cpuFlags: ['avx', 'avx2', 'avx512f', 'f16c', 'pni', 'ssse3'],
    };
    const epyc = {
      ...xeon,
      cpu: 'AMD EPYC',
      cpuFlags: ['avx', 'avx2', 'avx512f', 'f16c', 'fsrm', 'pni', 'sse4a', 'ssse3'],
    };
    const stored: BenchBaseline = {
      ...sameMachine('c0ffee'),
      provenance: { gitCommit: 'c0ffee', date: '2026-11-27T00:00:00Z', fingerprint: xeon },
      benchmarks: { 'a > x': { reps: [rep('instructions')] }, 'io > round trip': { reps: [rep('wall')] } },
    };
    const input = { files, repetitions: 3, saving: false, stored, reachable: () => true };
    const plan = planBench({ ...input, here: epyc });
    expect(plan.base).toMatchObject({ kind: 'ref', ref: 'c0ffee', countsFromStored: true });
    expect(plan.notes[0]).toMatch(
      /measured now for the files with timed benchmarks.*instruction counts of the other files are compared with the stored ones/,
    );
    // Without valgrind here the counts cannot be compared: the whole commit is measured.
    const { counter: _c, ...uncounted } = epyc;
    expect(planBench({ ...input, here: uncounted }).base).not.toHaveProperty('countsFromStored');
    // A host valgrind shows another CPU (no AVX2): the whole commit is measured.
    const avx = { ...epyc, cpuFlags: ['avx', 'f16c', 'pni', 'ssse3'] };
    expect(planBench({ ...input, here: avx }).base).not.toHaveProperty('countsFromStored');
    // Its commit not in this clone (shallow): the counts are still judged against the stored ones, and the note says so.
    const shallow = planBench({ ...input, here: epyc, reachable: () => false });
    expect(shallow.base).toEqual({ kind: 'stored', baseline: stored });
    expect(shallow.notes[0]).toMatch(
      /is not in this repository: the instruction counts are compared with the stored ones .*no timed benchmark is judged on absolute figures/,
    );
    // Counted benchmarks only: nothing differs for them, so the stored figures are compared directly.
    const countedOnly = { ...stored, benchmarks: { 'a > x': { reps: [rep('instructions')] } } };
    expect(planBench({ ...input, stored: countedOnly, here: epyc }).base).toMatchObject({
      kind: 'stored',
      commit: 'c0ffee',
    });
  });

  it('with counts that hold, the base side skips the files with no timed benchmark to measure', () => {
    const rep = (clock: 'instructions' | 'wall') => ({ n: 1, mean: 1, q: [], cal: 1, calN: 1, clock });
    const stored: BenchBaseline = {
      ...sameMachine('c0ffee'),
      benchmarks: {
        'counted > x': { reps: [rep('instructions')] },
        'mixed > x': { reps: [rep('instructions')] },
        'mixed > trip': { reps: [rep('wall')] },
        'io > trip': { reps: [rep('wall')] },
      },
    };
    const files = ['counted', 'mixed', 'io', 'new'].map((f) => `b/${f}.bench.ts`);
    const plan = (countsFromStored: boolean): BenchPlan => ({
      files,
      repetitions: 3,
      saving: false,
      notes: [],
      base: { kind: 'ref', ref: 'c0ffee', label: 'baseline commit c0ffee', baseline: stored, countsFromStored },
    });
    expect(storedCountsOnly(plan(true), 'b')).toEqual(new Set(['b/counted.bench.ts']));
    // -t on the counted benchmarks: no timed benchmark is left to measure on the base side.
    expect(storedCountsOnly(plan(true), 'b', (id) => id.endsWith('> x'))).toEqual(
      new Set(['b/counted.bench.ts', 'b/mixed.bench.ts', 'b/io.bench.ts']),
    );
    // Without stored counts that hold, the base side measures every file.
    expect(storedCountsOnly(plan(false), 'b').size).toBe(0);
  });
});
