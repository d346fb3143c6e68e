import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BaselineError } from '../core/errors.ts';
import { createRng } from '../core/rng.ts';
import {
  benchBaselineSchema,
  readBenchBaseline,
  serializeBenchBaseline,
  writeBenchBaseline,
  type BenchBaseline,
} from './baseline.ts';
import { makeSketch, SKETCH_PROBABILITIES } from './sketch.ts';
import { currentFingerprint } from './fingerprint.ts';

const v1Fixture = fileURLToPath(new URL('./__fixtures__/bench-baseline-v1-other-machine.json', import.meta.url));

function baseline(benchmarks: number, reps: number): BenchBaseline {
  const rng = createRng(3);
  const out: BenchBaseline = {
    schemaVersion: 2,
    provenance: {
      gitCommit: 'a'.repeat(40),
      date: '2026-11-21T00:00:00.000Z',
      fingerprint: currentFingerprint(),
      calibrationMs: 0.3912345,
    },
    sketchProbabilities: [...SKETCH_PROBABILITIES],
    benchmarks: {},
  };
  for (let b = 0; b < benchmarks; b++) {
    out.benchmarks[`area/file-${b} > a benchmark with a realistic name ${b}`] = {
      reps: Array.from({ length: reps }, () => {
        const xs = Float64Array.from(
          { length: 5000 },
          () => 0.123456789 * Math.exp(0.3 * Math.abs(rng.normal())),
        ).sort();
        return {
          n: 5000,
          mean: 0.1345678912345,
          q: makeSketch(xs),
          cal: 0.38765432101,
          calN: 380,
          clock: 'cpu' as const,
          heapPerOp: 123.456789,
          rssPerOp: 12.3456,
        };
      }),
    };
  }
  return out;
}

describe('bench baseline file', () => {
  it('round-trips through its compact serialisation', () => {
    const b = baseline(3, 4);
    const text = serializeBenchBaseline(b);
    expect(benchBaselineSchema.parse(JSON.parse(text))).toEqual(b);
    expect(text.split('\n').filter((l) => l.includes('"q"'))).toHaveLength(12); // one repetition per line
  });

  it('stays under 200 KB for 50 benchmarks at 8 repetitions (default 6)', () => {
    const size = Buffer.byteLength(serializeBenchBaseline(baseline(50, 8)));
    expect(size).toBeLessThan(200_000);
  });

  it('writes atomically, refuses in CI, and reads back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gauntlet-bench-baseline-'));
    const file = join(dir, 'bench.json');
    await expect(writeBenchBaseline(file, baseline(1, 2), { ci: true })).rejects.toBeInstanceOf(BaselineError);
    expect(await readBenchBaseline(file)).toBeUndefined();
    await writeBenchBaseline(file, baseline(1, 2), { ci: false });
    expect(Object.keys((await readBenchBaseline(file))!.benchmarks)).toHaveLength(1);
  });

  it('names the file (and field) of a corrupt or invalid baseline', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gauntlet-bench-baseline-'));
    const file = join(dir, 'bench.json');
    await writeFile(file, '{"schemaVersion": 1, "provenance": ');
    const err = await readBenchBaseline(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BaselineError);
    expect((err as BaselineError).describe()).toContain(file);
    expect((err as BaselineError).exitCode).toBe(2);
    const bad = baseline(1, 2);
    (bad.benchmarks[Object.keys(bad.benchmarks)[0]!]!.reps[1] as { n: number }).n = -3;
    await writeFile(file, JSON.stringify(bad));
    const err2 = (await readBenchBaseline(file).catch((e: unknown) => e)) as BaselineError;
    expect(err2.location.field).toMatch(/^benchmarks\..*\.reps\[1\]\.n$/);
    expect(await readFile(file, 'utf8')).toBe(JSON.stringify(bad));
  });

  it('reads a version 1 baseline (gauntlet before the fingerprint), migrated in memory and left as it is on disk', async () => {
    const before = await readFile(v1Fixture, 'utf8');
    const b = (await readBenchBaseline(v1Fixture))!;
    expect(b.schemaVersion).toBe(2);
    expect(b.provenance).toMatchObject({
      gitCommit: '97819d86e2cdbc46f615d6f4361fd477dc37e5a7',
      calibrationMs: 0.3785,
      fingerprint: { cpu: 'AMD EPYC', node: 'v20.20.2', os: 'linux', arch: 'x64' },
    });
    expect(b.provenance.fingerprint.v8).toBeUndefined();
    expect(Object.keys(b.benchmarks)).toHaveLength(7);
    expect(await readFile(v1Fixture, 'utf8')).toBe(before);
  });
});
