/**
 * One counted process of a bench file in each project root given, all bundled and run by this
 * checkout's harness, as `--against` runs its two sides (the base in a temporary worktree): does the
 * same code count the same in both? (docs/calibration/bench-instructions.md, session 9.)
 *
 *   git worktree add --detach /tmp/x/base HEAD && ln -s "$PWD/node_modules" /tmp/x/base/node_modules
 *   nice -n 19 npx tsx scripts/bench-counted-sides.ts suites/bench/planner.bench.ts . /tmp/x/base
 *
 * The processes run at once (instruction counts do not depend on load). Prints one JSON object:
 * root -> benchmark -> instructions per operation. A root may be given twice.
 */
import { resolve } from 'node:path';
import { bundleWorker } from '../harness/bench/bundle.ts';
import { instructionSupport } from '../harness/bench/instructions/valgrind.ts';
import { runFileOnce } from '../harness/bench/run-file.ts';

const [file, ...roots] = process.argv.slice(2);
if (!file || roots.length === 0)
  throw new Error('usage: npx tsx scripts/bench-counted-sides.ts <bench file> <project root>...');
const support = await instructionSupport();
if (!support.ok || !support.hooks) throw new Error(`no counted process here: ${JSON.stringify(support)}`);
const hooks = support.hooks;
await bundleWorker();
const counts = await Promise.all(
  roots.map(async (root) => {
    const r = await runFileOnce({
      file: resolve(root, file),
      cwd: resolve(root),
      defaults: { time: 100, warmupTime: 100, iterations: 16, clock: 'instructions' },
      calibrationTime: 100,
      timeoutMs: 120_000,
      valgrind: { hooks },
    });
    if (r.loadError) throw new Error(`${root}: ${r.loadError}`);
    for (const [name, e] of r.errors) console.error(`${root}: ${name}: ${e}`);
    return Object.fromEntries([...r.results].map(([name, x]) => [name, x.instructions]));
  }),
);
console.log(JSON.stringify(Object.fromEntries(roots.map((root, k) => [`${k}: ${root}`, counts[k]])), null, 1));
