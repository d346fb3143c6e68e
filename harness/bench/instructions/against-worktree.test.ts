/**
 * `--against` measures the base commit in a temporary git worktree: the same code must count the
 * same there as in the checkout, or the offset hides (or invents) a regression of that size. Before
 * session 9 the planner counted 2.4-4.0% more in the worktree (its bundle loaded every suite kind;
 * docs/calibration/bench-instructions.md, session 9). An A/A of HEAD, one counted process per side
 * (~20 s of CPU each): runs with GAUNTLET_SLOW_TESTS=1. Needs valgrind (Debian package `valgrind`)
 * and git, and measures the committed planner files.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { has, valgrind } from '../../core/__fixtures__/optional-programs.ts';
import { measureInterleaved } from '../measure.ts';
import { addWorktree, commitExists, type Worktree } from '../worktree.ts';
import { detectInstructionSupport } from './valgrind.ts';
import { slowTestsOn } from '../../core/__fixtures__/slow-tests.ts';

const repo = fileURLToPath(new URL('../../..', import.meta.url));
const file = 'suites/bench/planner.bench.ts';
const slow = !slowTestsOn('harness/bench/instructions/against-worktree.test.ts', '2 valgrind processes', has(valgrind));

let worktree: Worktree | undefined;
afterAll(async () => {
  await worktree?.remove();
});

describe.skipIf(slow || !has(valgrind) || !commitExists(repo, 'HEAD'))(
  'the base side of --against counts like the checkout (Debian package valgrind)',
  () => {
    it('counts the planner benchmarks of HEAD the same in its temporary worktree and here', async () => {
      const counting = await detectInstructionSupport();
      expect(counting).toMatchObject({ ok: true });
      worktree = await addWorktree(repo, 'HEAD');
      const { base, head } = await measureInterleaved(
        { root: worktree.root, files: [file] },
        { root: repo, files: [file] },
        {
          benchDir: 'suites/bench',
          repetitions: 1,
          defaults: { time: 100, warmupTime: 100, iterations: 16, clock: 'instructions' },
          calibrationTime: 100,
          timeoutMs: 120_000,
          counting,
        },
      );
      for (const m of [base, head]) expect([...m.fileErrors]).toEqual([]);
      const ids = [...head.benches.keys()];
      expect(ids).toHaveLength(3);
      for (const id of ids) {
        const x = head.benches.get(id)!.reps[0]!.instructions!;
        const y = base.benches.get(id)!.reps[0]!.instructions!;
        // Repeatability of one counted process is ~0.1-0.2% (session 8); the offset was 2.4-4.0%.
        expect(Math.abs(y / x - 1), `${id}: head ${x} vs base ${y}`).toBeLessThan(0.005);
      }
    }, 600_000);
  },
);
