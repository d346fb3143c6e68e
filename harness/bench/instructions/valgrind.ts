/**
 * Running a benchmark process under valgrind's callgrind for the instruction clock, and finding
 * out whether this machine can, and how: valgrind installed (Debian package `valgrind`), and the
 * hooks addon built and loadable (hooks-build.ts) to count the measured loop alone; where the addon
 * does not build or load, each benchmark is counted as the difference of two whole-process counts
 * with n and 2n iterations (difference.ts).
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { buildHooks } from './hooks-build.ts';

/**
 * The command line of a counted benchmark process: callgrind with instrumentation off until the
 * hooks switch it on around a measured loop, and Node without its background threads
 * (`--single-threaded`: compilers and GC on the main thread) and with deterministic internals
 * (`--predictable`, fixed hash and random seeds, a fixed GC schedule), so the same code counts
 * the same instructions in every run.
 */
export function valgrindCommand(
  nodeArgs: string[],
  o: { outBase: string; cacheSim?: boolean; wholeProcess?: boolean },
): [string, string[]] {
  return [
    'valgrind',
    [
      '--tool=callgrind',
      // n/2n: the whole process is counted (no hooks to switch instrumentation on around the loop).
      `--instr-atstart=${o.wholeProcess ? 'yes' : 'no'}`,
      '--dump-instr=no',
      '--dump-line=no',
      `--cache-sim=${o.cacheSim ? 'yes' : 'no'}`,
      `--callgrind-out-file=${o.outBase}.%p`,
      // No gdbserver: a counted process is killed once it has reported (run-file.ts), and valgrind
      // killed that way leaves its three vgdb FIFOs in /tmp behind (what instructions are counted is unchanged).
      '--vgdb=no',
      // The last of valgrind's options (the tests' stand-in valgrind runs what follows it).
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

/**
 * Whether the instruction clock can run here, and how: with the hooks addon (only the measured loop
 * is counted), or without it (`hooks` absent; `why` says why): n/2n, two whole-process counts per benchmark.
 */
export type InstructionSupport =
  | { ok: true; valgrind: string; hooks: string }
  | { ok: true; valgrind: string; hooks?: undefined; why: string }
  | { ok: false; reason: string };

let support: Promise<InstructionSupport> | undefined;

/**
 * Whether the instruction clock can run here, and with which hooks addon (checked once per process;
 * GAUNTLET_NO_VALGRIND=1 says no; GAUNTLET_INSTRUCTION_METHOD=n-2n counts without the addon).
 */
export function instructionSupport(): Promise<InstructionSupport> {
  if (process.env.GAUNTLET_NO_VALGRIND) return Promise.resolve({ ok: false, reason: 'GAUNTLET_NO_VALGRIND is set' });
  return (support ??= detectInstructionSupport());
}

/** valgrind installed, and the hooks built and loadable, whatever GAUNTLET_NO_VALGRIND says. */
export async function detectInstructionSupport(): Promise<InstructionSupport> {
  const valgrind = valgrindVersion();
  if (!valgrind) return { ok: false, reason: 'valgrind is not installed (Debian package valgrind)' };
  if (process.env.GAUNTLET_INSTRUCTION_METHOD === 'n-2n')
    return { ok: true, valgrind, why: 'GAUNTLET_INSTRUCTION_METHOD=n-2n is set' };
  const hooks = await buildHooks();
  if (!hooks.ok) return { ok: true, valgrind, why: hooks.reason };
  // Built is not enough: an addon for another Node ABI or libc builds from the cache but does not load.
  try {
    createRequire(import.meta.url)(hooks.path);
  } catch (e) {
    return {
      ok: true,
      valgrind,
      why: `the valgrind hooks addon does not load: ${(e as Error).message.split('\n')[0]}`,
    };
  }
  return { ok: true, valgrind, hooks: hooks.path };
}

/**
 * The counting procedure's version (instructions/count.ts and the worker's warm-up): counts made by
 * another procedure are not compared (a baseline saved before it reads "instruction counter differs":
 * not comparable, re-measured at its commit or a warning, never a fail). v2: warm-up before
 * instrumentation, sizing by the cheapest of 3 counts, sort workload only (session 6).
 */
export const COUNT_PROCEDURE = 'count-v2';

/** The instruction counter a baseline records in its fingerprint (valgrind's version, and the method when not the hooks). */
export async function counterHere(): Promise<string | undefined> {
  const s = await instructionSupport();
  if (!s.ok) return undefined;
  return s.hooks ? `${s.valgrind} ${COUNT_PROCEDURE}` : `${s.valgrind} (n/2n)`;
}
