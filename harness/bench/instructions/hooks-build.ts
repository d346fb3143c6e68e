/**
 * Builds hooks.c into a Node addon on first use and caches it (keyed by the source, Node's ABI
 * and valgrind's headers), so no install step needs a compiler. Where the build is not possible
 * (no C compiler, no headers) the instruction clock counts each benchmark as the difference of two
 * whole-process counts with n and 2n iterations (difference.ts), and a note says why.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SOURCE = fileURLToPath(new URL('./hooks.c', import.meta.url));
const VALGRIND_HEADER = '/usr/include/valgrind/callgrind.h';

/** Where Node's own headers (node_api.h) are: beside the node binary in official builds, or the system include dir. */
export function nodeIncludeDir(): string | undefined {
  const candidates = [
    join(dirname(process.execPath), '..', 'include', 'node'),
    '/usr/include/node',
    '/usr/local/include/node',
  ];
  return candidates.find((d) => existsSync(join(d, 'node_api.h')));
}

function cacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || (homedir() ? join(homedir(), '.cache') : tmpdir());
  return join(base, 'gauntlet');
}

export type HooksBuild = { ok: true; path: string } | { ok: false; reason: string };

let pending: Promise<HooksBuild> | undefined;

/** The path of the built addon, or why it cannot be built here. Built once per process at most. */
export function buildHooks(): Promise<HooksBuild> {
  return (pending ??= build());
}

async function build(): Promise<HooksBuild> {
  const include = nodeIncludeDir();
  if (!include) return { ok: false, reason: "Node's headers (node_api.h) are not installed" };
  if (!existsSync(VALGRIND_HEADER))
    return { ok: false, reason: `${VALGRIND_HEADER} is missing (Debian package valgrind)` };
  const key = createHash('sha256')
    .update(readFileSync(SOURCE))
    .update(process.versions.napi ?? '')
    .update(process.arch)
    .update(readFileSync(VALGRIND_HEADER))
    .digest('hex')
    .slice(0, 16);
  const dir = cacheDir();
  const out = join(dir, `valgrind-hooks-${key}.node`);
  if (existsSync(out)) return { ok: true, path: out };
  mkdirSync(dir, { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  const cc = process.env.CC || 'cc';
  try {
    await run(cc, ['-O2', '-shared', '-fPIC', `-I${include}`, SOURCE, '-o', tmp], { timeout: 60_000 });
  } catch (e) {
    const msg = (e as { stderr?: string; message: string }).stderr?.split('\n').find(Boolean) ?? (e as Error).message;
    return { ok: false, reason: `cannot compile the valgrind hooks with ${cc}: ${msg.slice(0, 200)}` };
  }
  // Atomic: parallel builds (two suites, two harness processes) never load a half-written file.
  renameSync(tmp, out);
  return { ok: true, path: out };
}
