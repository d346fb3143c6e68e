import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * Optional Debian programs some tests drive for real. `npm test` must pass on a machine without them
 * (a fresh clone); `.ci/run` installs them so CI runs everything.
 */
export interface OptionalProgram {
  /** Absolute path of the program, or undefined when this machine lacks it. */
  path: string | undefined;
  /** The one-line note a test that needs it prints when it skips. */
  note: string;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  const dirs = [...(env.PATH ?? '').split(delimiter), '/usr/bin', '/usr/local/bin'].filter(Boolean);
  return dirs.map((dir) => join(dir, name)).find(executable);
}

/** Finds the first of `names` (or the path in `override`), else explains which Debian package would provide it. */
export function optionalProgram(names: string[], debianPackage: string, opts: { override?: string; env?: NodeJS.ProcessEnv } = {}): OptionalProgram {
  const env = opts.env ?? process.env;
  const path = opts.override ? (executable(opts.override) ? opts.override : undefined) : names.map((n) => onPath(n, env)).find(Boolean);
  return { path, note: `skipped: ${names[0]} is not installed (Debian package ${debianPackage}: sudo apt-get install -y ${debianPackage})` };
}

/**
 * True when the program is there; otherwise prints the note once (vitest shows it beside the
 * file) so that a skipped test says why and what to install.
 */
export function has(program: OptionalProgram): boolean {
  if (program.path) return true;
  if (!noted.has(program.note)) {
    noted.add(program.note);
    console.warn(program.note);
  }
  return false;
}
const noted = new Set<string>();

export const redisServer = optionalProgram(['redis-server'], 'redis-server');
export const chromium = optionalProgram(['chromium', 'chromium-browser'], 'chromium', { override: process.env.GAUNTLET_CHROMIUM });
export const valgrind = optionalProgram(['valgrind'], 'valgrind');
