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
import { measure, measureInterleaved, type MeasureOptions } from '../measure.ts';
import { namesOf } from './measure-sides.ts';
import type { MeasureStep } from './phase-times.ts';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

describe('a re-measurement of wall-clock benchmarks', () => {
  it('starts only their timed processes, interleaved, and no counted process for their file', async () => {
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
