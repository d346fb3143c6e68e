/**
 * Repeated runs in one process do not grow memory: run the complete temporary project (every kind,
 * tests/helpers-complete-project.ts) N times with runSuites, and after each run force two garbage
 * collections and record the heap. Prints the heap per run and the least-squares slope over runs
 * 2..N (run 1 fills caches: module imports, the YAML parse cache, JIT).
 *
 *   node --expose-gc --import tsx scripts/hardening-memory.ts [runs=20] [kinds=all, e.g. golden,canary] [fresh-dispatcher]
 *
 * The last line is JSON ({ runs, heapMb, slopeKbPerRun, growthMb }) for tests/hardening-leaks.test.ts.
 */
import { join } from 'node:path';
import { getHeapSpaceStatistics } from 'node:v8';
import { loadConfig } from '../harness/config/load-config.ts';
import { runSuites } from '../harness/core/run-suites.ts';
import { completeProject } from '../tests/helpers-complete-project.ts';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

/** Least-squares slope of y over x = 0, 1, 2, ... */
export function slope(ys: number[]): number {
  const n = ys.length;
  const mx = (n - 1) / 2;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  let num = 0;
  let den = 0;
  ys.forEach((y, x) => {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  });
  return den ? num / den : 0;
}

const runs = Number(process.argv[2] ?? 20);
const kinds = process.argv[3] && process.argv[3] !== 'all' ? process.argv[3].split(',') : undefined;
// Node 20's fetch (undici 6) keeps one connection pool per origin for the life of the process, and
// every run's mock server listens on a new port: with the reference client on fetch that was
// ~300 KB a run. The client now uses node:http with a pool of its own that close() destroys;
// `fresh-dispatcher` still replaces fetch's global dispatcher between runs, for any other fetch
// user (a custom client factory, the openai SDK), to tell what those retain.
const freshDispatcher = process.argv[4] === 'fresh-dispatcher';
const DISPATCHER = Symbol.for('undici.globalDispatcher.1');
const root = completeProject({ redis: 'memory' });
const config = await loadConfig(join(root, 'gauntlet.config.ts'));
const heap: number[] = [];
/** Used size per V8 heap space (old, code, ...), to tell retained objects from compiled code. */
const spaces: Array<Record<string, number>> = [];
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  const report = await runSuites(config, { ci: true, kinds });
  if (freshDispatcher) {
    const { Agent } = await import('undici');
    const g = globalThis as unknown as Record<symbol, { close?: () => Promise<void> } | undefined>;
    await g[DISPATCHER]?.close?.();
    g[DISPATCHER] = new Agent();
  }
  await new Promise((r) => setTimeout(r, 20));
  gc();
  gc();
  heap.push(process.memoryUsage().heapUsed / 2 ** 20);
  spaces.push(Object.fromEntries(getHeapSpaceStatistics().map((sp) => [sp.space_name, sp.space_used_size / 2 ** 20])));
  console.log(
    `run ${String(i + 1).padStart(2)}: ${report.verdict.padEnd(5)} ${((performance.now() - t0) / 1000).toFixed(1).padStart(5)} s, heap after GC ${heap[i]!.toFixed(1)} MB`,
  );
}
const steady = heap.slice(1);
const lastHalf = heap.slice(Math.floor(runs / 2));
const result = {
  runs,
  kinds: kinds ?? 'all',
  freshDispatcher,
  heapMb: heap.map((h) => Math.round(h * 10) / 10),
  slopeKbPerRun: Math.round(slope(steady) * 1024),
  /** Slope over the second half of the runs: past warm-up (JIT, caches), what keeps growing. */
  lastHalfSlopeKbPerRun: Math.round(slope(lastHalf) * 1024),
  growthMb: Math.round((steady.at(-1)! - steady[0]!) * 10) / 10,
  /** Slope over runs 2..N of the heap without the JIT's code spaces: retained objects, what a leak grows. */
  dataSlopeKbPerRun: Math.round(
    slope(
      spaces.slice(1).map((s) =>
        Object.entries(s)
          .filter(([k]) => !k.startsWith('code_'))
          .reduce((a, [, v]) => a + v, 0),
      ),
    ) * 1024,
  ),
};
const bySpace = Object.keys(spaces[0]!)
  .map((k) => `${k} ${((spaces.at(-1)![k]! - spaces[1]![k]!) * 1024).toFixed(0)} KB`)
  .join(', ');
console.log(`growth by heap space, run 2 to run ${runs}: ${bySpace}`);
console.log(
  `slope over runs 2..${runs}: ${result.slopeKbPerRun} KB/run (second half: ${result.lastHalfSlopeKbPerRun} KB/run); heap ${steady[0]!.toFixed(1)} MB after run 2, ${steady.at(-1)!.toFixed(1)} MB after run ${runs}`,
);
console.log(JSON.stringify(result));
