/**
 * Repeated runs in one process do not grow memory: run the complete temporary project (every kind,
 * tests/helpers-complete-project.ts) N times with runSuites, and after each run force two garbage
 * collections and record the heap. Prints the heap per run and the least-squares slope over runs
 * 2..N (run 1 fills caches: module imports, the YAML parse cache, JIT).
 *
 *   node --expose-gc --import tsx scripts/hardening-memory.ts [runs=20] [kinds=all, e.g. golden,canary]
 *
 * The last line is JSON ({ runs, heapMb, slopeKbPerRun, growthMb }) for tests/hardening-leaks.test.ts.
 */
import { join } from 'node:path';
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
const root = completeProject({ redis: 'memory' });
const config = await loadConfig(join(root, 'gauntlet.config.ts'));
const heap: number[] = [];
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  const report = await runSuites(config, { ci: true, kinds });
  await new Promise((r) => setTimeout(r, 20));
  gc();
  gc();
  heap.push(process.memoryUsage().heapUsed / 2 ** 20);
  console.log(`run ${String(i + 1).padStart(2)}: ${report.verdict.padEnd(5)} ${((performance.now() - t0) / 1000).toFixed(1).padStart(5)} s, heap after GC ${heap[i]!.toFixed(1)} MB`);
}
const steady = heap.slice(1);
const result = { runs, kinds: kinds ?? 'all', heapMb: heap.map((h) => Math.round(h * 10) / 10), slopeKbPerRun: Math.round(slope(steady) * 1024), growthMb: Math.round((steady.at(-1)! - steady[0]!) * 10) / 10 };
console.log(`slope over runs 2..${runs}: ${result.slopeKbPerRun} KB/run; heap ${steady[0]!.toFixed(1)} MB after run 2, ${steady.at(-1)!.toFixed(1)} MB after run ${runs}`);
console.log(JSON.stringify(result));
