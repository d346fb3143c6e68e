/**
 * The instruction clock end to end: a bench file counted under callgrind. Needs valgrind (Debian
 * package `valgrind`); skipped with a note where it is not installed. One process, a few seconds.
 */
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { has, valgrind } from '../../core/__fixtures__/optional-programs.ts';
import { measure } from '../measure.ts';
import { countedNoteLines } from '../phases/counted-notes.ts';
import { detectInstructionSupport, valgrindVersion } from './valgrind.ts';
import { slowTestsOn } from '../../core/__fixtures__/slow-tests.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));

const options = {
  benchDir: 'harness/bench/__fixtures__',
  repetitions: 1,
  defaults: { time: 10, warmupTime: 5, iterations: 8, clock: 'instructions' as const },
  calibrationTime: 10,
  timeoutMs: 10_000,
};
const file = 'harness/bench/__fixtures__/instructions/work.bench.ts';

describe.skipIf(!has(valgrind))('instruction clock under valgrind (Debian package valgrind)', () => {
  it('counts each benchmark per operation: double the work, double the count; the wall-clock one runs in a timed process', async () => {
    // A tenth of the usual counting budget: the test checks the mechanism, not the figures.
    // vitest.config.ts sets GAUNTLET_NO_VALGRIND for every other test (their bench suites stay on the
    // CPU clock, a counted process costs seconds): this test asks valgrind itself.
    const counting = await detectInstructionSupport();
    expect(counting).toMatchObject({ ok: true });
    const m = await measure(
      { root, files: [file] },
      { ...options, counting, env: { GAUNTLET_INSTRUCTION_BUDGET: '0.1' } },
    );
    expect([...m.fileErrors]).toEqual([]);
    const get = (name: string) => m.benches.get(`instructions/work > ${name}`)!;
    for (const name of ['loop n', 'loop 2n', 'async loop n', 'wall clock', 'leaves a mark when run'])
      expect(get(name).errors, name).toEqual([]);
    const n = get('loop n').reps[0]!;
    const n2 = get('loop 2n').reps[0]!;
    expect(n.clock).toBe('instructions');
    expect(n.instructions).toBeGreaterThan(2_000);
    expect(n2.instructions! / n.instructions!).toBeGreaterThan(1.9);
    expect(n2.instructions! / n.instructions!).toBeLessThan(2.1);
    expect(n.q[0]).toBeLessThanOrEqual(n.instructions!);
    // The sort calibration workload is counted in the same process (the vector only on the time clocks).
    expect(n.calibration).toBeUndefined();
    expect(n.cal).toBeGreaterThan(10_000);
    const a = get('async loop n').reps[0]!;
    expect(a.instructions).toBeGreaterThan(n.instructions! * 0.9);
    // `await null` allocates a promise per call: the allocation figure is per operation and positive.
    expect(a.heapPerOp).toBeGreaterThan(0);
    expect(a.heapPerOp).toBeLessThan(10_000);
    expect(get('wall clock').reps[0]!.clock).toBe('wall');
    expect(m.fellBack).toBeUndefined();
  }, 300_000);
});

// Four whole processes under callgrind with instrumentation from the start (~25-40 s of CPU each):
// too slow for the default suite.
const slow = !slowTestsOn(
  'the n/2n test in harness/bench/instructions/instructions.test.ts',
  '4 valgrind processes',
  has(valgrind),
);

describe.skipIf(slow || !has(valgrind))(
  'instruction clock without the hooks addon (n/2n, Debian package valgrind)',
  () => {
    it('counts each benchmark as the difference of two whole processes: double the work, double the count', async () => {
      const m = await measure(
        { root, files: [file] },
        {
          ...options,
          select: (id) => id.endsWith('> loop n') || id.endsWith('> loop 2n'),
          counting: { ok: true, valgrind: valgrindVersion()!, why: 'the test asks for n/2n' },
          env: { GAUNTLET_INSTRUCTION_BUDGET: '0.1' },
        },
      );
      expect([...m.fileErrors]).toEqual([]);
      const get = (name: string) => m.benches.get(`instructions/work > ${name}`)!;
      expect(get('loop n').errors).toEqual([]);
      expect(get('loop 2n').errors).toEqual([]);
      const n = get('loop n').reps[0]!;
      const n2 = get('loop 2n').reps[0]!;
      expect(n).toMatchObject({ clock: 'instructions', method: 'n-2n' });
      // 2,000 iterations of a few instructions each: thousands per operation, not millions (start-up cancelled).
      expect(n.instructions).toBeGreaterThan(5_000);
      expect(n.instructions).toBeLessThan(200_000);
      expect(n2.instructions! / n.instructions!).toBeGreaterThan(1.9);
      expect(n2.instructions! / n.instructions!).toBeLessThan(2.1);
      expect(m.fellBack).toEqual({ reason: 'the test asks for n/2n', ids: expect.any(Array), to: 'n-2n' });
      expect(countedNoteLines({ fellBack: [m.fellBack!], incomparable: [] })).toEqual([
        'instruction clock without the valgrind hooks (the test asks for n/2n): 2 benchmark(s) counted as the difference of two whole-process counts (n and 2n iterations)',
      ]);
    }, 900_000);
  },
);

describe('instruction clock where valgrind cannot run', () => {
  it('times those benchmarks on the CPU clock and says why in a note; a filter runs only the matches', async () => {
    const mark = join(await mkdtemp(join(tmpdir(), 'gauntlet-mark-')), 'ran');
    const select = (id: string) => id.endsWith('> loop n');
    const m = await measure(
      { root, files: [file] },
      {
        ...options,
        repetitions: 2,
        select,
        env: { BENCH_MARK: mark },
        counting: { ok: false, reason: 'valgrind is not installed (Debian package valgrind)' },
      },
    );
    expect([...m.benches.keys()]).toEqual(['instructions/work > loop n']);
    expect(m.benches.get('instructions/work > loop n')!.reps).toHaveLength(2);
    expect(existsSync(mark)).toBe(false);
    expect(m.benches.get('instructions/work > loop n')!.reps[0]!.clock).toBe('cpu');
    expect(countedNoteLines({ fellBack: m.fellBack ? [m.fellBack] : [], incomparable: [] })).toEqual([
      'instruction clock unavailable (valgrind is not installed (Debian package valgrind)): 1 benchmark(s) timed on the CPU clock instead',
    ]);
  });
});
