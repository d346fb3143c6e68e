/**
 * A counted process is stopped once it has reported everything ('done'): its exit under callgrind
 * would run instrumented (V8's heap teardown, the final dump). Real processes, no valgrind needed:
 * a stand-in `valgrind` on PATH runs the node command it is given, and stand-in hooks write a
 * callgrind dump per count.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { standInValgrind } from './__fixtures__/stand-in-valgrind.ts';
import { runFileOnce } from './run-file.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

describe('a counted process', () => {
  it('is stopped after it reported everything, before its own exit runs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gauntlet-run-file-counted-'));
    await writeFile(join(dir, 'package.json'), '{"name":"run-file-counted","type":"module","private":true}');
    await mkdir(join(dir, 'node_modules'));
    await symlink(repoRoot, join(dir, 'node_modules', 'gauntlet'), 'dir');
    // An exit that takes 20 s and then leaves a mark: a process stopped after 'done' never gets there.
    const file = join(dir, 'slow-exit.bench.ts');
    const mark = join(dir, 'exited');
    await writeFile(
      file,
      [
        `import { bench } from 'gauntlet';`,
        `import { writeFileSync } from 'node:fs';`,
        `process.on('exit', () => { const end = Date.now() + 20_000; while (Date.now() < end); writeFileSync(${JSON.stringify(mark)}, ''); });`,
        `bench('work', () => { let s = 0; for (let i = 0; i < 1000; i++) s += i; return s; });`,
        '',
      ].join('\n'),
    );
    const { hooks, path } = await standInValgrind(dir);
    const r = await runFileOnce({
      file,
      cwd: dir,
      defaults: { time: 10, warmupTime: 5, iterations: 8, clock: 'instructions' },
      calibrationTime: 10,
      timeoutMs: 30_000,
      valgrind: { hooks },
      env: { PATH: path },
    });
    expect(r.loadError).toBeUndefined();
    expect([...r.errors]).toEqual([]);
    expect(r.results.get('work')?.instructions).toBe(1e9);
    expect(existsSync(mark)).toBe(false);
  }, 60_000);
});
