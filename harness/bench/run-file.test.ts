import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runFileOnce } from './run-file.ts';
import { SKETCH_PROBABILITIES } from './sketch.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tiny = {
  defaults: { time: 10, warmupTime: 5, iterations: 8, clock: 'cpu' as const },
  calibrationTime: 10,
  timeoutMs: 10_000,
};

describe('runFileOnce', () => {
  it('reports each failing benchmark as its own error and still runs the others', async () => {
    const r = await runFileOnce({
      file: fileURLToPath(new URL('./__fixtures__/faults/faults.bench.ts', import.meta.url)),
      cwd: root,
      ...tiny,
    });
    expect(r.loadError).toBeUndefined();
    expect(r.benchmarks.map((b) => b.name)).toEqual([
      'sum',
      'throws',
      'rejects',
      'never settles',
      'spins forever',
      'exits the process',
      'after the faults',
    ]);
    expect([...r.results.keys()].sort()).toEqual(['after the faults', 'sum']);
    const sum = r.results.get('sum')!;
    expect(sum.q).toHaveLength(SKETCH_PROBABILITIES.length);
    expect(sum.n).toBeGreaterThanOrEqual(8);
    expect(sum.cal).toBeGreaterThan(0);
    // ~1 µs per call: below the CPU clock's resolution, so timed in batches and divided back per call.
    expect(sum.clock).toBe('cpu');
    expect(sum.q[Math.floor(sum.q.length / 2)]!).toBeLessThan(0.1);
    expect(sum.q[Math.floor(sum.q.length / 2)]!).toBeGreaterThan(0);
    expect(typeof sum.heapPerOp).toBe('number');
    expect(r.results.get('after the faults')!.heapPerOp).toBeUndefined();
    expect(r.errors.get('throws')).toBe('boom');
    expect(r.errors.get('rejects')).toBe('nope');
    expect(r.errors.get('never settles')).toMatch(/never settles|time limit of 3000 ms/);
    expect(r.errors.get('spins forever')).toBe('did not finish within its time limit of 1500 ms (killed)');
    expect(r.errors.get('exits the process')).toMatch(/exited \(code 3\)/);
  });

  it('reports a bench file that does not compile as a load error with the compiler message', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gauntlet-bench-broken-'));
    await writeFile(join(dir, 'package.json'), '{"type":"module"}');
    await writeFile(join(dir, 'broken.bench.ts'), 'const x: number = ;\n');
    const r = await runFileOnce({ file: join(dir, 'broken.bench.ts'), cwd: dir, ...tiny });
    expect(r.loadError).toMatch(/Transform failed|Unexpected|Expected/);
    expect(r.benchmarks).toEqual([]);
  });
});
