/**
 * One counted process of a bench file, run the way the suite runs it (runFileOnce under callgrind
 * with the hooks addon), in the project at the current directory: where a counted process's time
 * goes (docs/calibration/bench.md, session 8).
 *
 *   cd <project or clone> && /usr/bin/time npx tsx <this script> suites/bench/planner.bench.ts
 *
 * Prints the process's wall time and each benchmark's instructions per operation (the step
 * trace, GAUNTLET_INSTRUCTION_TRACE=1, stays in the child's stderr, which runFileOnce keeps). Imports the harness of the project at the current directory (a clone of another commit
 * measures that commit's code).
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = process.cwd();
const file = process.argv[2];
if (!file) throw new Error('usage: npx tsx scripts/bench-counted-process.ts <bench file>');
const load = (path: string) => import(pathToFileURL(resolve(root, path)).href);
const { runFileOnce } = (await load('harness/bench/run-file.ts')) as typeof import('../harness/bench/run-file.ts');
const { instructionSupport } = (await load(
  'harness/bench/instructions/valgrind.ts',
)) as typeof import('../harness/bench/instructions/valgrind.ts');
const { bundleBenchFile, bundleWorker } = (await load(
  'harness/bench/bundle.ts',
)) as typeof import('../harness/bench/bundle.ts');

const support = await instructionSupport();
if (!support.ok || !support.hooks) throw new Error(`no counted process here: ${JSON.stringify(support)}`);
// Bundled before the clock starts, as the suite does before its counted processes.
await bundleBenchFile(resolve(root, file), root);
await bundleWorker();
const t0 = performance.now();
const r = await runFileOnce({
  file: resolve(root, file),
  cwd: root,
  defaults: { time: 100, warmupTime: 100, iterations: 16, clock: 'instructions' },
  calibrationTime: 100,
  timeoutMs: 60_000,
  valgrind: { hooks: support.hooks },
});
const wall = (performance.now() - t0) / 1000;
const figures = [...r.results].map(([name, x]) => `${name}: ${x.instructions}`);
console.log(`counted process ${wall.toFixed(2)} s wall (${support.valgrind} ${root})`);
for (const f of figures) console.log(`  ${f}`);
for (const [name, e] of r.errors) console.log(`  ${name}: error: ${e}`);
if (r.loadError) console.log(`  load error: ${r.loadError}`);
