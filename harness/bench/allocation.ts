/**
 * Bytes allocated on the V8 heap per operation, whether collected or not: the heap in use after
 * the calls, minus before, plus what every garbage collection in between freed (V8's GCProfiler
 * reports each collection's heap before and after). Unlike heap growth after a forced GC (which
 * came out negative when the timing loop's garbage was collected during it), this is what the
 * benchmark allocates, and it does not depend on when the collector happened to run.
 */
import { GCProfiler } from 'node:v8';
import type { BenchFn } from './api.ts';

export async function allocatedPerOp(fn: BenchFn, ops: number): Promise<number> {
  const profiler = new GCProfiler();
  const used = () => process.memoryUsage().heapUsed;
  profiler.start();
  const before = used();
  for (let i = 0; i < ops; i++) {
    const r = fn();
    if (r instanceof Promise) await r;
  }
  const after = used();
  const stats = profiler.stop();
  let freed = 0;
  for (const s of stats?.statistics ?? [])
    freed += s.beforeGC.heapStatistics.usedHeapSize - s.afterGC.heapStatistics.usedHeapSize;
  return Math.max(0, (after - before + freed) / ops);
}
