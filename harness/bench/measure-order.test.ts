/**
 * A long counted process of one file must not hold back the timed processes of the others: what a
 * file declares is known as soon as a process has loaded it, not when that process ends. Real
 * processes, no valgrind needed: a stand-in `valgrind` on PATH runs the node command it is given,
 * and a stand-in hooks module says it runs under valgrind. The counted process waits (up to 20 s)
 * in its benchmark's first call for the other file's timed process to start, and writes whether it
 * saw it: order of events, no time is asserted.
 */
import { chmod, mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { measure } from './measure.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

// Under the stand-in valgrind (node with --predictable), the first call waits for b's timed process.
const countedFile = `import { bench } from 'gauntlet';
import { appendFileSync, readFileSync } from 'node:fs';
const log = process.env.ORDER_LOG;
const counted = process.execArgv.includes('--predictable');
let waited = false;
bench('count', () => {
  if (!counted || waited) return 1;
  waited = true;
  const until = Date.now() + 20_000;
  const seen = () => readFileSync(log, 'utf8').includes('b timed');
  while (!seen() && Date.now() < until) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  appendFileSync(log, seen() ? 'a counted saw b timed\\n' : 'a counted ended first\\n');
  return 1;
});
bench('wait', () => new Promise((r) => setImmediate(r)), { clock: 'wall' });
`;

const timedFile = `import { bench } from 'gauntlet';
import { appendFileSync } from 'node:fs';
// Logged at its first call, not at import: the listing process imports the file too.
let logged = false;
bench('wait', () => {
  if (!logged) appendFileSync(process.env.ORDER_LOG, 'b timed\\n');
  logged = true;
  return new Promise((r) => setImmediate(r));
}, { clock: 'wall' });
`;

async function project(): Promise<{ dir: string; bin: string; hooks: string; log: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'gauntlet-measure-order-'));
  await writeFile(join(dir, 'package.json'), '{"name":"measure-order","type":"module","private":true}');
  await mkdir(join(dir, 'node_modules'));
  await symlink(repoRoot, join(dir, 'node_modules', 'gauntlet'), 'dir');
  await mkdir(join(dir, 'bench'));
  await writeFile(join(dir, 'bench', 'a.bench.ts'), countedFile);
  await writeFile(join(dir, 'bench', 'b.bench.ts'), timedFile);
  const bin = join(dir, 'bin');
  await mkdir(bin);
  // valgrind's options end at --quiet (instructions/valgrind.ts); the node command follows.
  await writeFile(
    join(bin, 'valgrind'),
    '#!/bin/sh\nwhile [ "$#" -gt 0 ] && [ "$1" != "--quiet" ]; do shift; done\nshift\nexec "$@"\n',
  );
  await chmod(join(bin, 'valgrind'), 0o755);
  // Counting itself fails (no dump is written): the counted process ends with an error, which is not what is tested.
  const hooks = join(dir, 'hooks.cjs');
  await writeFile(hooks, 'module.exports = { onValgrind: () => true, start() {}, stop() {}, zero() {}, dump() {} };\n');
  const log = join(dir, 'order.log');
  await writeFile(log, '');
  return { dir, bin, hooks, log };
}

describe('a counted process of one file', { timeout: 60_000 }, () => {
  it('does not hold back the timed processes of another file once it has loaded its file', async () => {
    const { dir, bin, hooks, log } = await project();
    const m = await measure(
      { root: dir, files: ['bench/a.bench.ts', 'bench/b.bench.ts'] },
      {
        benchDir: 'bench',
        repetitions: 1,
        countedRepetitions: 1,
        defaults: { time: 10, warmupTime: 5, iterations: 8, clock: 'instructions' },
        calibrationTime: 10,
        timeoutMs: 30_000,
        counting: { ok: true, valgrind: 'stand-in', hooks },
        // The stored baseline says a.bench.ts counts: its counted process starts with no listing first.
        countedHint: new Map([['bench/a.bench.ts', 1]]),
        parallel: 2,
        env: { PATH: `${bin}:${process.env.PATH}`, ORDER_LOG: log },
      },
    );
    const lines = (await readFile(log, 'utf8')).trim().split('\n');
    expect(lines).toContain('a counted saw b timed');
    expect(lines).not.toContain('a counted ended first');
    // Both files' timed benchmarks were measured beside it.
    expect(m.benches.get('a > wait')!.reps).toHaveLength(1);
    expect(m.benches.get('b > wait')!.reps).toHaveLength(1);
  });
});
