/**
 * Re-measurements (a same-round judgement, a confirmation) run only the named benchmarks' processes:
 * a file whose named benchmarks are all on a time clock starts no counted (valgrind) process, on
 * either side, even though the file also declares counted benchmarks. Real processes; the counted
 * mode is switched on with a hooks path that is never used when the fix holds.
 */
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { has, valgrind } from '../../core/__fixtures__/optional-programs.ts';
import { detectInstructionSupport } from '../instructions/valgrind.ts';
import { measure, measureInterleaved, type MeasureOptions } from '../measure.ts';
import { namesOf } from './measure-sides.ts';
import type { MeasureStep } from './phase-times.ts';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

async function project(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'gauntlet-remeasure-'));
  await writeFile(join(dir, 'package.json'), '{"name":"remeasure","type":"module","private":true}');
  await mkdir(join(dir, 'node_modules'));
  await symlink(repoRoot, join(dir, 'node_modules', 'gauntlet'), 'dir');
  await mkdir(join(dir, 'bench'));
  await writeFile(
    join(dir, 'bench', 'io.bench.ts'),
    `import { bench } from 'gauntlet';
bench('wait', () => new Promise((r) => setImmediate(r)), { clock: 'wall' });
bench('work', () => { let s = 0; for (let i = 0; i < 1000; i++) s += i; return s; });
`,
  );
  await writeFile(
    join(dir, 'bench', 'wait.bench.ts'),
    `import { bench } from 'gauntlet';
bench('only wait', () => new Promise((r) => setImmediate(r)), { clock: 'wall' });
`,
  );
  return dir;
}

describe('a re-measurement of wall-clock benchmarks', () => {
  it('starts only their timed processes, interleaved, and no counted process for their file', async () => {
    const dir = await project();
    const side = { root: dir, files: ['bench/io.bench.ts'] };
    const o: MeasureOptions = {
      benchDir: 'bench',
      repetitions: 2,
      defaults: { time: 10, warmupTime: 5, iterations: 8, clock: 'instructions' },
      calibrationTime: 10,
      timeoutMs: 20_000,
    };
    // The first measurement, as on a machine without valgrind: both benchmarks timed, the file's declarations learnt.
    const first = await measure(side, { ...o, counting: { ok: false, reason: 'test' } });
    expect([...first.benches.keys()].sort()).toEqual(['io > wait', 'io > work']);

    const steps: Array<{ step: MeasureStep; processes: number }> = [];
    const again = await measureInterleaved(side, side, {
      ...o,
      // Counted mode on: 'work' would be counted under valgrind; this hooks path must never be needed.
      counting: { ok: true, valgrind: 'valgrind', hooks: join(dir, 'no-such-addon.node') },
      ...namesOf(new Set(['io > wait']), first),
      onStep: (step, _ms, processes) => steps.push({ step, processes }),
    });
    expect(steps).toEqual([{ step: 'timed', processes: 4 }]);
    for (const m of [again.base, again.head]) {
      expect([...m.benches.keys()]).toEqual(['io > wait']);
      expect(m.benches.get('io > wait')!.reps).toHaveLength(2);
    }
  });
});

describe.skipIf(!has(valgrind))('files the stored baseline says count (Debian package valgrind)', () => {
  it('start their counted process with no listing process first; the other files are listed beside them', async () => {
    const dir = await project();
    const steps: Array<{ step: MeasureStep; processes: number }> = [];
    const m = await measure(
      { root: dir, files: ['bench/io.bench.ts', 'bench/wait.bench.ts'] },
      {
        benchDir: 'bench',
        repetitions: 2,
        countedRepetitions: 1,
        defaults: { time: 10, warmupTime: 5, iterations: 8, clock: 'instructions' },
        calibrationTime: 10,
        timeoutMs: 60_000,
        counting: await detectInstructionSupport(),
        stored: new Map([['bench/io.bench.ts', { counted: ['work'], timed: ['wait'] }]]),
        onStep: (step, _ms, processes) => steps.push({ step, processes }),
      },
    );
    expect(steps.sort((a, b) => a.step.localeCompare(b.step))).toEqual([
      { step: 'counted', processes: 1 }, // io's 'work', counted; wait.bench.ts has nothing to count: no valgrind process
      { step: 'list', processes: 1 }, // wait.bench.ts only
      { step: 'timed', processes: 4 }, // 2 repetitions of each file's wall-clock benchmark
    ]);
    expect(m.benches.get('io > work')!.reps.map((r) => r.clock)).toEqual(['instructions']);
    expect(m.benches.get('io > wait')!.reps).toHaveLength(2);
    expect(m.benches.get('wait > only wait')!.reps).toHaveLength(2);
  });
});
