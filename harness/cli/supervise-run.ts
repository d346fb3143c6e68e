import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ResolvedConfig } from '../config/load-config.ts';
import type { RunPartial, RunReport, SuiteRef, SuiteReport } from '../core/report.ts';
import { buildRunReport, stoppedSuite } from '../core/run-report.ts';
import { RunEvents } from '../core/run-events.ts';
import { selectSuites, type RunOptions } from '../core/run-suites.ts';
import { reviveError, type FromChild, type ToChild } from './run-messages.ts';

/** How long a suite has to stop by itself, after the deadline or an interrupt, before its process is killed. */
export const STOP_GRACE_MS = 2000;

const CHILD = fileURLToPath(new URL('./run-child.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');

export interface SuperviseOptions extends RunOptions {
  /** Environment of the run process (added to this process's). */
  env?: NodeJS.ProcessEnv;
  /** Where the run process's own output goes (suites do not print; a crash does). */
  out?: NodeJS.WritableStream;
  err?: NodeJS.WritableStream;
  graceMs?: number;
}

/**
 * Run the suites in a child process and own the report: the run ends at its deadline and on an
 * interrupt even when a suite's code never yields (its process is killed `graceMs` after it was asked
 * to stop), and the report then holds the suites that finished, the one cut short and those skipped.
 * Same contract as `runSuites`: events out, one report back, never prints or exits.
 */
export async function superviseRun(config: ResolvedConfig, options: SuperviseOptions = {}): Promise<RunReport> {
  const { events = new RunEvents(), signal, env, out, err, graceMs = STOP_GRACE_MS, ...runOptions } = options;
  const startedAt = new Date();
  const t0 = performance.now();
  const deadlineAt = options.deadlineAt ?? startedAt.getTime() + config.runTimeoutMs;
  const child = spawn(process.execPath, ['--import', TSX, CHILD], {
    cwd: config.rootDir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    // Its own process group: killing the group also stops what the suites started (workers, redis-server).
    detached: true,
  });
  child.stdout!.on('data', (d: Buffer) => out?.write(d));
  child.stderr!.on('data', (d: Buffer) => err?.write(d));

  // What the run process will run (it says so when it starts); known here too, in case it never does.
  const run = {
    planned: plannedSuites(config, options),
    results: [] as SuiteReport[],
    seed: options.seedOverride ?? config.seed,
  };
  let running: { ref: SuiteRef; t0: number } | undefined;
  let final: RunReport | undefined;
  let failure: Error | undefined;
  let stop: { reason: RunPartial['reason']; detail?: string } | undefined;

  child.on('message', (m: FromChild) => {
    if (m.type === 'done') final = m.report;
    else if (m.type === 'error') failure = reviveError(m.error);
    else {
      if (m.name === 'run-start') {
        run.planned = m.payload.suites;
        run.seed = m.payload.seed;
      } else if (m.name === 'suite-start')
        running = { ref: { kind: m.payload.kind, name: m.payload.name }, t0: performance.now() };
      else if (m.name === 'suite-end') {
        run.results.push(m.payload);
        running = undefined;
      }
      // The rule misreads this: tsc cannot pair the union's name with its payload without the cast.
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
      events.emit(m.name, m.payload as never);
    }
  });
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, sig) => resolve({ code, signal: sig })),
  );

  const killGroup = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  const tell = (m: ToChild) => {
    if (child.connected) child.send(m, (e) => void e);
  };
  // The run process stops itself at the deadline (deadlineAt); if a suite does not yield, it is killed.
  const hardStop = setTimeout(
    () => ((stop ??= { reason: 'deadline' }), killGroup()),
    Math.max(0, deadlineAt - Date.now()) + graceMs,
  );
  let graceTimer: NodeJS.Timeout | undefined;
  const onAbort = () => {
    stop ??= { reason: 'interrupted', detail: typeof signal?.reason === 'string' ? signal.reason : undefined };
    tell({ type: 'abort' });
    graceTimer = setTimeout(killGroup, graceMs);
  };
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });

  tell({ type: 'start', configFile: config.file, options: { ...runOptions, deadlineAt } });
  const exit = await closed;
  clearTimeout(hardStop);
  clearTimeout(graceTimer);
  signal?.removeEventListener('abort', onAbort);

  if (failure) throw failure;
  if (final) {
    events.emit('run-end', final);
    return final;
  }
  // The run process ended without its report: killed at the deadline or after an interrupt, or it died.
  const reason = stop?.reason ?? 'crashed';
  const detail = stop ? stop.detail : exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
  const cutShort = running ? [running.ref] : [];
  if (running)
    run.results.push(
      stoppedSuite(
        running.ref,
        performance.now() - running.t0,
        stoppedWhy(reason, config.runTimeoutMs, graceMs, detail),
      ),
    );
  const report = buildRunReport({
    rootDir: config.rootDir,
    failOn: config.failOn,
    runTimeoutMs: config.runTimeoutMs,
    seed: run.seed,
    ci: options.ci ?? process.env.CI === 'true',
    shard: options.shard,
    startedAt,
    durationMs: performance.now() - t0,
    planned: run.planned,
    results: run.results,
    stop: { reason, cutShort, detail },
  });
  events.emit('run-end', report);
  return report;
}

function plannedSuites(config: ResolvedConfig, options: RunOptions): SuiteRef[] {
  try {
    return selectSuites(config.suites, options).map(({ kind, name }) => ({ kind, name }));
  } catch {
    return []; // a bad selection is the run process's error to report
  }
}

function stoppedWhy(reason: RunPartial['reason'], runTimeoutMs: number, graceMs: number, detail?: string): string {
  if (reason === 'deadline')
    return `still running at the run deadline of ${runTimeoutMs} ms, and killed ${graceMs} ms later (it did not yield)`;
  if (reason === 'interrupted')
    return `the run was interrupted and the suite did not stop within ${graceMs} ms (killed)`;
  return `the process running the suites ended unexpectedly (${detail})`;
}
