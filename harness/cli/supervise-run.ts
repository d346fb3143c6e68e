import { ChildProcess, spawn } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_RUN_TIMEOUT_MS } from '../config/schema.ts';
import type { RunPartial, RunReport } from '../core/report.ts';
import { buildRunReport } from '../core/run-report.ts';
import { RunEvents } from '../core/run-events.ts';
import type { RunOptions } from '../core/run-suites.ts';
import { SuiteTracker } from './suite-tracker.ts';
import { reviveError, type FromChild, type RunSettings, type ToChild } from './run-messages.ts';

/** How long a suite has to stop by itself, after the deadline or an interrupt, before its process is killed. */
export const STOP_GRACE_MS = 2000;

const CHILD = fileURLToPath(new URL('./run-child.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');
/** Where bin/gauntlet.js leaves the run process it started before loading the CLI. */
const EARLY_RUN_PROCESS = Symbol.for('gauntlet.run-process');

/**
 * The run process bin/gauntlet.js started early, if it runs the command line this run would and is
 * still alive (its environment is this process's, so only a run with the process's own env takes it);
 * otherwise it is stopped. Taken once.
 */
function takeEarlyRunProcess(env: NodeJS.ProcessEnv | undefined): ChildProcess | undefined {
  const early: unknown = Reflect.get(globalThis, EARLY_RUN_PROCESS);
  Reflect.deleteProperty(globalThis, EARLY_RUN_PROCESS);
  if (!(early instanceof ChildProcess)) return undefined;
  const args = [process.execPath, '--import', TSX, CHILD];
  const usable =
    (env === undefined || env === process.env) &&
    early.connected &&
    early.exitCode === null &&
    early.signalCode === null &&
    early.spawnargs.length === args.length &&
    early.spawnargs.every((a, i) => a === args[i]);
  if (usable) return early;
  early.kill('SIGKILL');
  return undefined;
}

export interface SuperviseOptions extends RunOptions {
  /** Environment of the run process (added to this process's). */
  env?: NodeJS.ProcessEnv;
  /** Where the run process's own output goes (suites do not print; a crash does). */
  out?: NodeJS.WritableStream;
  err?: NodeJS.WritableStream;
  graceMs?: number;
  /**
   * Called with the config's settings once the run process has loaded it, before any suite starts
   * (attach reporters here). What it throws ends the run with that error.
   */
  onSettings?: (settings: RunSettings) => void;
}

/**
 * Run the suites in a child process and own the report: the run ends at its deadline and on an
 * interrupt even when a suite's code never yields (its process is killed `graceMs` after it was asked
 * to stop), and the report then holds the suites that finished, the one cut short and those skipped.
 * Only the child loads the config (`configFile`): it sends the settings this process needs.
 * Same contract as `runSuites`: events out, one report back, never prints or exits.
 */
export async function superviseRun(configFile: string, options: SuperviseOptions = {}): Promise<RunReport> {
  const {
    events = new RunEvents(),
    signal,
    env,
    out,
    err,
    graceMs = STOP_GRACE_MS,
    onSettings,
    ...runOptions
  } = options;
  const startedAt = new Date();
  const t0 = performance.now();
  const child =
    takeEarlyRunProcess(env) ??
    spawn(process.execPath, ['--import', TSX, CHILD], {
      cwd: dirname(configFile),
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      // Its own process group: killing the group also stops what the suites started (workers, redis-server).
      detached: true,
    });
  child.stdout!.on('data', (d: Buffer) => out?.write(d));
  child.stderr!.on('data', (d: Buffer) => err?.write(d));

  // What the run process will run: it says so once it has loaded the config (settings), and when it starts.
  let settings: RunSettings | undefined;
  const suites = new SuiteTracker();
  const unfollow = suites.follow(events);
  let final: RunReport | undefined;
  let failure: Error | undefined;
  let stop: { reason: RunPartial['reason']; detail?: string } | undefined;

  const killGroup = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  // The run process stops itself at the deadline; if a suite does not yield, it is killed `graceMs` later.
  // Until it has read the config's runTimeoutMs (a config that never loads), the default deadline holds.
  let hardStop: NodeJS.Timeout | undefined;
  const armHardStop = (runTimeoutMs: number) => {
    clearTimeout(hardStop);
    const deadlineAt = options.deadlineAt ?? startedAt.getTime() + runTimeoutMs;
    hardStop = setTimeout(
      () => ((stop ??= { reason: 'deadline' }), killGroup()),
      Math.max(0, deadlineAt - Date.now()) + graceMs,
    );
  };
  armHardStop(DEFAULT_RUN_TIMEOUT_MS);

  child.on('message', (m: FromChild) => {
    if (m.type === 'done') final = m.report;
    else if (m.type === 'error') failure = reviveError(m.error);
    else if (m.type === 'settings') {
      settings = m.settings;
      armHardStop(settings.runTimeoutMs);
      try {
        onSettings?.(settings);
      } catch (e) {
        failure = e instanceof Error ? e : new Error(String(e));
        killGroup();
      }
    } else {
      if (m.name === 'run-start' && settings) {
        settings.planned = m.payload.suites;
        settings.seed = m.payload.seed;
      }
      // The rule misreads this: tsc cannot pair the union's name with its payload without the cast.
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
      events.emit(m.name, m.payload as never);
    }
  });
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, sig) => resolve({ code, signal: sig })),
  );

  const tell = (m: ToChild) => {
    if (child.connected) child.send(m, (e) => void e);
  };
  let graceTimer: NodeJS.Timeout | undefined;
  const onAbort = () => {
    stop ??= { reason: 'interrupted', detail: typeof signal?.reason === 'string' ? signal.reason : undefined };
    tell({ type: 'abort' });
    graceTimer = setTimeout(killGroup, graceMs);
  };
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });

  tell({ type: 'start', configFile, startedAt: startedAt.getTime(), options: runOptions });
  const exit = await closed;
  clearTimeout(hardStop);
  clearTimeout(graceTimer);
  signal?.removeEventListener('abort', onAbort);
  unfollow();

  if (failure) throw failure;
  if (final) {
    events.emit('run-end', final);
    return final;
  }
  // The run process ended without its report: killed at the deadline or after an interrupt, or it died.
  const reason = stop?.reason ?? 'crashed';
  const detail = stop ? stop.detail : exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
  if (!settings)
    throw new Error(`the process running the suites ended before it had loaded the config (${reason}; ${detail})`);
  const { results, cutShort } = suites.stopped(
    settings.planned,
    stoppedWhy(reason, settings.runTimeoutMs, graceMs, detail),
  );
  const report = buildRunReport({
    rootDir: settings.rootDir,
    failOn: settings.failOn,
    runTimeoutMs: settings.runTimeoutMs,
    seed: settings.seed,
    ci: options.ci ?? process.env.CI === 'true',
    shard: options.shard,
    startedAt,
    durationMs: performance.now() - t0,
    planned: settings.planned,
    results,
    stop: { reason, cutShort, detail },
  });
  events.emit('run-end', report);
  return report;
}

function stoppedWhy(reason: RunPartial['reason'], runTimeoutMs: number, graceMs: number, detail?: string): string {
  if (reason === 'deadline')
    return `still running at the run deadline of ${runTimeoutMs} ms, and killed ${graceMs} ms later (it did not yield)`;
  if (reason === 'interrupted')
    return `the run was interrupted and the suite did not stop within ${graceMs} ms (killed)`;
  return `the process running the suites ended unexpectedly (${detail})`;
}
