/**
 * One repetition of one bench file in a fresh child process. A benchmark that throws or rejects
 * is reported by the worker; one that never finishes is killed at its time limit and the worker
 * is restarted for the benchmarks after it; a file that does not load is a file-level error.
 * Returns results, never throws for benchmark faults.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchOptions } from './api.ts';
import { BundleError, bundleBenchFile, bundleWorker } from './bundle.ts';
import { parseCallgrindTotals } from './instructions/callgrind-out.ts';
import type { DifferenceSizes } from './instructions/difference.ts';
import { valgrindCommand } from './instructions/valgrind.ts';
import type { RepetitionResult, RunMessage, WorkerMessage, WorkerRequest } from './protocol.ts';

/** Under callgrind a process runs some 50 times slower: its limits stretch by this much. */
const VALGRIND_SLOWDOWN = 20;

export interface FileRunOptions {
  file: string;
  /** Directory the child runs in (the bench file's project root). */
  cwd: string;
  only?: string[];
  defaults: WorkerRequest['defaults'];
  calibrationTime: number;
  /** Per-benchmark limit (warm-up and measuring) unless the benchmark sets its own. */
  timeoutMs: number;
  /** Limit for starting the process and importing the file. */
  loadTimeoutMs?: number;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  /** Which of the file's benchmarks to measure, once it has loaded (all, or `only`, when absent). */
  pick?: (benchmarks: Array<{ name: string; options: BenchOptions }>) => string[];
  /** Count instructions under callgrind, with this hooks addon (instructions/hooks-build.ts). */
  valgrind?: { hooks: string; cacheSim?: boolean };
  /** Count the whole process under callgrind, running one benchmark's loop `factor` x n (instructions/difference.ts). */
  wholeProcess?: { factor: 1 | 2; sizes?: DifferenceSizes; cacheSim?: boolean };
}

export interface FileRunResult {
  /** Set when the file itself could not be loaded (compile error, throws at import, no worker). */
  loadError?: string;
  benchmarks: Array<{ name: string; options: BenchOptions }>;
  results: Map<string, RepetitionResult>;
  errors: Map<string, string>;
  /** `wholeProcess`: the process's event totals and the sizes it ran, when it finished normally. */
  whole?: { name: string; sizes: DifferenceSizes; totals: Record<string, number> };
}

interface Attempt {
  loaded?: Array<{ name: string; options: BenchOptions }>;
  loadError?: string;
  done: boolean;
}

/** Run every (remaining) benchmark of one file once. */
export async function runFileOnce(opts: FileRunOptions): Promise<FileRunResult> {
  const out: FileRunResult = { benchmarks: [], results: new Map(), errors: new Map() };
  const finished = new Set<string>();
  let code: { file: string; worker: string };
  try {
    code = { file: await bundleBenchFile(opts.file, opts.cwd), worker: await bundleWorker() };
  } catch (e) {
    if (!(e instanceof BundleError)) throw e;
    return { ...out, loadError: e.message };
  }
  for (let attempt = 0; attempt < 50; attempt++) {
    const a = await attemptRun(opts, code, [...finished], out, finished);
    if (a.loadError !== undefined) {
      if (attempt === 0) out.loadError = a.loadError;
      else for (const b of out.benchmarks) if (!finished.has(b.name)) out.errors.set(b.name, a.loadError);
      return out;
    }
    if (a.loaded && out.benchmarks.length === 0) out.benchmarks = a.loaded;
    if (a.done || opts.signal?.aborted) break;
    const picked = opts.pick?.(out.benchmarks) ?? out.benchmarks.map((b) => b.name);
    const wanted = out.benchmarks.filter((b) => picked.includes(b.name) && (!opts.only || opts.only.includes(b.name)));
    if (wanted.every((b) => finished.has(b.name))) break;
  }
  return out;
}

function attemptRun(
  opts: FileRunOptions,
  code: { file: string; worker: string },
  skip: string[],
  out: FileRunResult,
  finished: Set<string>,
): Promise<Attempt> {
  const counted = opts.valgrind !== undefined || opts.wholeProcess !== undefined;
  const dumps = counted ? mkdtempSync(join(tmpdir(), 'gauntlet-callgrind-')) : undefined;
  let looped: { name: string; sizes: DifferenceSizes } | undefined;
  const outBase = dumps && join(dumps, 'callgrind.out');
  const request: WorkerRequest = {
    file: code.file,
    only: opts.only,
    skip,
    defaults: opts.defaults,
    calibrationTime: opts.calibrationTime,
    ...(opts.valgrind && outBase ? { instructions: { hooks: opts.valgrind.hooks, outBase } } : {}),
    ...(opts.wholeProcess
      ? {
          difference: {
            factor: opts.wholeProcess.factor,
            ...(opts.wholeProcess.sizes ? { sizes: opts.wholeProcess.sizes } : {}),
          },
        }
      : {}),
  };
  const slow = counted ? VALGRIND_SLOWDOWN : 1;
  const nodeArgs = ['--expose-gc', code.worker, JSON.stringify(request)];
  const cacheSim = opts.valgrind?.cacheSim ?? opts.wholeProcess?.cacheSim;
  const [command, args] =
    counted && outBase
      ? valgrindCommand(nodeArgs, { outBase, cacheSim, wholeProcess: opts.wholeProcess !== undefined })
      : [process.execPath, nodeArgs];
  return new Promise<Attempt>((resolve) => {
    const attempt: Attempt = { done: false };
    let stderr = '';
    let current: string | undefined;
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const child = spawn(command, args, {
      cwd: opts.cwd,
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    const arm = (ms: number, onExpire: () => void) => {
      clearTimeout(timer);
      timer = setTimeout(onExpire, ms);
    };
    const finish = (exitCode?: number | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (dumps && looped && exitCode === 0) {
        const totals = wholeTotals(dumps);
        if (totals) out.whole = { ...looped, totals };
        else out.errors.set(looped.name, 'callgrind wrote no readable count for the process');
      }
      if (dumps) rmSync(dumps, { recursive: true, force: true });
      opts.signal?.removeEventListener('abort', onAbort);
      resolve(attempt);
    };
    const onAbort = () => {
      if (current) {
        out.errors.set(current, 'aborted (run deadline or interrupt)');
        finished.add(current);
      }
      attempt.done = true;
      child.kill('SIGKILL');
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const loadLimit = (opts.loadTimeoutMs ?? 60_000) * Math.min(slow, 5);
    arm(loadLimit, () => {
      attempt.loadError = `bench file did not load within ${loadLimit} ms`;
      child.kill('SIGKILL');
    });
    child.stderr!.on('data', (d: Buffer) => {
      if (stderr.length < 8_000) stderr += d.toString();
    });
    child.on('message', (raw) => {
      const m = raw as WorkerMessage;
      switch (m.type) {
        case 'load-error':
          attempt.loadError = m.message;
          break;
        case 'loaded':
          attempt.loaded = m.benchmarks;
          if (out.benchmarks.length === 0) out.benchmarks = m.benchmarks;
          clearTimeout(timer);
          child.send({
            type: 'run',
            names: opts.pick?.(m.benchmarks) ?? m.benchmarks.map((b) => b.name),
          } satisfies RunMessage);
          break;
        case 'start': {
          current = m.name;
          const limit = m.timeoutMs ?? opts.timeoutMs;
          arm(limit * slow, () => {
            out.errors.set(
              m.name,
              `did not finish within its time limit of ${limit} ms${slow > 1 ? ` (x${slow} under valgrind)` : ''} (killed)`,
            );
            finished.add(m.name);
            current = undefined;
            child.kill('SIGKILL');
          });
          break;
        }
        case 'looped':
          looped = { name: m.name, sizes: m.sizes };
          finished.add(m.name);
          current = undefined;
          clearTimeout(timer);
          break;
        case 'result':
          out.results.set(m.name, m.result);
          finished.add(m.name);
          current = undefined;
          clearTimeout(timer);
          break;
        case 'bench-error':
          out.errors.set(m.name, m.message);
          finished.add(m.name);
          current = undefined;
          clearTimeout(timer);
          break;
        case 'done':
          attempt.done = true;
          // A counted process has nothing left to report, but its exit would still run instrumented
          // under callgrind (V8's heap teardown, the final dump: ~0.4 s of a planner process, 1.6 s
          // with the trace on). Its counts were all read, so it is stopped. Not with n/2n: its count
          // is the dump written at exit.
          if (opts.valgrind && !opts.wholeProcess) child.kill('SIGKILL');
          break;
      }
    });
    child.on('error', (e) => {
      attempt.loadError ??= `cannot start the benchmark process: ${e.message}`;
      finish();
    });
    child.on('exit', (code, sig) => {
      if (current) {
        // The process died inside a benchmark (process.exit, a native crash, out of memory).
        // Exit code 13: the event loop emptied while awaiting, i.e. the benchmark's promise can never settle.
        const why =
          code === 13
            ? 'its promise never settles (the process had nothing left to run)'
            : `benchmark process exited (${sig ?? `code ${code}`}) while running it${lastLine(stderr)}`;
        out.errors.set(current, why);
        finished.add(current);
      } else if (!attempt.loaded && attempt.loadError === undefined) {
        attempt.loadError = `bench file did not load: process exited (${sig ?? `code ${code}`})${lastLine(stderr)}`;
      }
      finish(code);
    });
  });
}

/** The event totals callgrind wrote for a whole process (its one dump, written at exit). */
function wholeTotals(dir: string): Record<string, number> | undefined {
  try {
    const file = readdirSync(dir).find((f) => f.startsWith('callgrind.out'));
    return file ? parseCallgrindTotals(readFileSync(join(dir, file), 'utf8')) : undefined;
  } catch {
    return undefined;
  }
}

function lastLine(stderr: string): string {
  const lines = stderr
    .trim()
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('    at '));
  const l = lines.find((x) => /error/i.test(x)) ?? lines[lines.length - 1];
  return l ? `: ${l.trim().slice(0, 300)}` : '';
}
