/**
 * A stand-in valgrind for tests that need counted processes but not counts (no valgrind needed):
 * `bin/valgrind` runs the node command it is given (valgrind's options end at --quiet,
 * instructions/valgrind.ts), and `hooks.cjs` says it runs under valgrind and writes a callgrind dump
 * of 1e9 instructions per count (one call per batch, no warm-up).
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const hooksModule = `let n = 0;
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

/** Writes the stand-ins into `dir`: the hooks path, and the PATH that finds the stand-in first. */
export async function standInValgrind(dir: string): Promise<{ hooks: string; path: string }> {
  const bin = join(dir, 'bin');
  await mkdir(bin, { recursive: true });
  await writeFile(
    join(bin, 'valgrind'),
    '#!/bin/sh\nwhile [ "$#" -gt 0 ] && [ "$1" != "--quiet" ]; do shift; done\nshift\nexec "$@"\n',
  );
  await chmod(join(bin, 'valgrind'), 0o755);
  const hooks = join(dir, 'hooks.cjs');
  await writeFile(hooks, hooksModule);
  return { hooks, path: `${bin}:${process.env.PATH}` };
}
