/**
 * A counted process is stopped once it has reported everything ('done'): its exit under callgrind
 * would run instrumented (V8's heap teardown, the final dump). Real processes, no valgrind needed:
 * a stand-in `valgrind` on PATH runs the node command it is given, and stand-in hooks write a
 * callgrind dump per count.
 */
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runFileOnce } from './run-file.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

const standInHooks = `let n = 0;
const outBase = JSON.parse(process.argv[2]).instructions.outBase;
module.exports = {
  onValgrind: () => true,
  start() {},
  stop() {},
  zero() {},
  dump() {
    require('node:fs').writeFileSync(outBase + '.' + process.pid + '.' + ++n, 'events: Ir\\ntotals: 1000000000\\n');
  },
};
`;

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
    const bin = join(dir, 'bin');
    await mkdir(bin);
    // valgrind's options end at --quiet (instructions/valgrind.ts); the node command follows.
    await writeFile(
      join(bin, 'valgrind'),
      '#!/bin/sh\nwhile [ "$#" -gt 0 ] && [ "$1" != "--quiet" ]; do shift; done\nshift\nexec "$@"\n',
    );
    await chmod(join(bin, 'valgrind'), 0o755);
    const hooks = join(dir, 'hooks.cjs');
    await writeFile(hooks, standInHooks);
    const r = await runFileOnce({
      file,
      cwd: dir,
      defaults: { time: 10, warmupTime: 5, iterations: 8, clock: 'instructions' },
      calibrationTime: 10,
      timeoutMs: 30_000,
      valgrind: { hooks },
      env: { PATH: `${bin}:${process.env.PATH}` },
    });
    expect(r.loadError).toBeUndefined();
    expect([...r.errors]).toEqual([]);
    expect(r.results.get('work')?.instructions).toBe(1e9);
    expect(existsSync(mark)).toBe(false);
  }, 60_000);
});
