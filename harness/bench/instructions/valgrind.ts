/**
 * Running a benchmark process under valgrind's callgrind for the instruction clock, and finding
 * out whether this machine can: valgrind installed (Debian package `valgrind`) and the hooks addon
 * built (hooks-build.ts).
 */
import { execFileSync } from 'node:child_process';
import { buildHooks } from './hooks-build.ts';

/**
 * The command line of a counted benchmark process: callgrind with instrumentation off until the
 * hooks switch it on around a measured loop, and Node without its background threads
 * (`--single-threaded`: compilers and GC on the main thread) and with deterministic internals
 * (`--predictable`, fixed hash and random seeds, a fixed GC schedule), so the same code counts
 * the same instructions in every run.
 */
export function valgrindCommand(nodeArgs: string[], o: { outBase: string; cacheSim?: boolean }): [string, string[]] {
  return [
    'valgrind',
    [
      '--tool=callgrind',
      '--instr-atstart=no',
      '--dump-instr=no',
      '--dump-line=no',
      `--cache-sim=${o.cacheSim ? 'yes' : 'no'}`,
      `--callgrind-out-file=${o.outBase}.%p`,
      '--quiet',
      process.execPath,
      '--single-threaded',
      '--predictable',
      '--predictable-gc-schedule',
      '--hash-seed=1',
      '--random-seed=1',
      ...nodeArgs,
    ],
  ];
}

/** valgrind's version string, or undefined when it is not installed. */
export function valgrindVersion(): string | undefined {
  try {
    return execFileSync('valgrind', ['--version'], { stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 })
      .toString()
      .trim();
  } catch {
    return undefined;
  }
}

export type InstructionSupport = { ok: true; valgrind: string; hooks: string } | { ok: false; reason: string };

let support: Promise<InstructionSupport> | undefined;

/** Whether the instruction clock can run here, and with which hooks addon (checked once per process; GAUNTLET_NO_VALGRIND=1 says no). */
export function instructionSupport(): Promise<InstructionSupport> {
  if (process.env.GAUNTLET_NO_VALGRIND) return Promise.resolve({ ok: false, reason: 'GAUNTLET_NO_VALGRIND is set' });
  return (support ??= detectInstructionSupport());
}

/** valgrind installed and the hooks built, whatever GAUNTLET_NO_VALGRIND says. */
export async function detectInstructionSupport(): Promise<InstructionSupport> {
  const valgrind = valgrindVersion();
  if (!valgrind) return { ok: false, reason: 'valgrind is not installed (Debian package valgrind)' };
  const hooks = await buildHooks();
  if (!hooks.ok) return { ok: false, reason: hooks.reason };
  return { ok: true, valgrind, hooks: hooks.path };
}
