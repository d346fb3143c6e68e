/**
 * A count must hold off the machine and directory that saved the baseline: the same bench file,
 * copied into two project folders whose paths differ in length, one process with the count trace
 * on, counts the same instructions (within the 0.5% repeatability goal). Before session 6 the SQLite
 * benchmark counted 1.5% apart this way: its batch size followed a count of the second call ever,
 * which moved with the heap the process came with. Two valgrind processes (~15 s of CPU each):
 * runs with GAUNTLET_SLOW_TESTS=1. Needs valgrind (Debian package `valgrind`).
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { has, valgrind } from '../../core/__fixtures__/optional-programs.ts';
import { measure, type Measurement } from '../measure.ts';
import { detectInstructionSupport } from './valgrind.ts';
import { slowTestsOn } from '../../core/__fixtures__/slow-tests.ts';

const repo = fileURLToPath(new URL('../../..', import.meta.url));
const file = 'suites/bench/metrics-store.bench.ts';
const slow = !slowTestsOn(
  'harness/bench/instructions/path-independence.test.ts',
  '2 valgrind processes',
  has(valgrind),
);

/** A project folder at `name` (under a fresh temporary folder) holding the metrics-store bench file and what it imports. */
function project(name: string): string {
  const root = join(mkdtempSync(join(tmpdir(), 'gauntlet-paths-')), name);
  mkdirSync(join(root, 'suites/bench'), { recursive: true });
  cpSync(join(repo, file), join(root, file));
  cpSync(join(repo, 'sut/metrics-store'), join(root, 'sut/metrics-store'), { recursive: true });
  cpSync(join(repo, 'package.json'), join(root, 'package.json'));
  symlinkSync(join(repo, 'node_modules'), join(root, 'node_modules'), 'dir');
  return root;
}

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(join(r, '..'), { recursive: true, force: true });
});

describe.skipIf(slow || !has(valgrind))(
  'instruction counts do not depend on where the project is (Debian package valgrind)',
  () => {
    it('counts the SQLite benchmarks the same in a short and a long project path, trace on or off', async () => {
      const counting = await detectInstructionSupport();
      expect(counting).toMatchObject({ ok: true });
      const a = project('a');
      const b = project(`a-${'much-longer-path-name-here-'.repeat(4)}b`);
      roots.push(a, b);
      const count = (root: string, env: NodeJS.ProcessEnv): Promise<Measurement> =>
        measure(
          { root, files: [file] },
          {
            benchDir: 'suites/bench',
            repetitions: 1,
            defaults: { time: 10, warmupTime: 5, iterations: 8, clock: 'instructions' },
            calibrationTime: 10,
            timeoutMs: 60_000,
            counting,
            env,
          },
        );
      const [short, long] = await Promise.all([count(a, {}), count(b, { GAUNTLET_INSTRUCTION_TRACE: '1' })]);
      for (const m of [short, long]) expect([...m.fileErrors]).toEqual([]);
      const names = [...short.benches.keys()];
      expect(names).toHaveLength(2);
      for (const id of names) {
        const x = short.benches.get(id)!.reps[0]!.instructions!;
        const y = long.benches.get(id)!.reps[0]!.instructions!;
        expect(Math.abs(y / x - 1), `${id}: ${x} vs ${y}`).toBeLessThan(0.005);
      }
    }, 600_000);
  },
);
