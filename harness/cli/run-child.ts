/**
 * The process that runs the suites, under `superviseRun` (harness/cli/supervise-run.ts): it loads
 * the config (the only process that does), tells the supervisor the settings it needs, runs the
 * suites in process and sends every event and the report to its supervisor, which can stop it at
 * the run deadline even when a suite's code never yields.
 */
import { dirname, resolve } from 'node:path';
import { loadConfig, type ResolvedConfig } from '../config/load-config.ts';
import { RunEvents } from '../core/run-events.ts';
import { runSuites, type RunOptions } from '../core/run-suites.ts';
import { selectSuites } from '../core/select-suites.ts';
import { lastRunForShards } from './last-run.ts';
import {
  serializeError,
  type ChildRunOptions,
  type FromChild,
  type RunSettings,
  type ToChild,
} from './run-messages.ts';

const send = (m: FromChild) =>
  new Promise<void>((resolve) => (process.connected ? process.send!(m, undefined, {}, () => resolve()) : resolve()));

const interrupt = new AbortController();
// The supervisor coordinates the stop (it owns the terminal's signals): a signal here only asks the suites to stop.
process.on('SIGINT', () => interrupt.abort('SIGINT'));
process.on('SIGTERM', () => interrupt.abort('SIGTERM'));
// Without a supervisor there is no one to report to.
process.on('disconnect', () => process.exit(1));

process.on('message', (m: ToChild) => {
  if (m.type === 'abort') interrupt.abort('interrupted');
  else void start(m.configFile, m.startedAt, m.options);
});

function settingsOf(config: ResolvedConfig, options: ChildRunOptions, reportsDir: string): RunSettings {
  let planned: RunSettings['planned'] = [];
  try {
    planned = selectSuites(config.suites, options).map(({ kind, name }) => ({ kind, name }));
  } catch {
    // a bad selection is reported by runSuites
  }
  return {
    file: config.file,
    rootDir: config.rootDir,
    reportsDir,
    reporters: config.reporters,
    runTimeoutMs: config.runTimeoutMs,
    failOn: config.failOn,
    seed: options.seedOverride ?? config.seed,
    ...(config.history ? { history: config.history } : {}),
    planned,
  };
}

async function start(configFile: string, startedAt: number, options: ChildRunOptions): Promise<void> {
  const events = new RunEvents();
  events.on('run-start', (payload) => void send({ type: 'event', name: 'run-start', payload }));
  events.on('suite-start', (payload) => void send({ type: 'event', name: 'suite-start', payload }));
  events.on('progress', (payload) => void send({ type: 'event', name: 'progress', payload }));
  events.on('suite-end', (payload) => void send({ type: 'event', name: 'suite-end', payload }));
  events.on('suite-running', (payload) => void send({ type: 'event', name: 'suite-running', payload }));
  events.on('suite-done', (payload) => void send({ type: 'event', name: 'suite-done', payload }));
  let exitCode = 0;
  try {
    // A process bin/gauntlet.js started before it knew the config runs in the config's directory from here on.
    process.chdir(dirname(configFile));
    const config = await loadConfig(configFile);
    const reportsDir = resolve(config.rootDir, options.reportsDir ?? config.reportsDir);
    await send({ type: 'settings', settings: settingsOf(config, options, reportsDir) });
    const run: RunOptions = {
      ...options,
      reportsDir,
      deadlineAt: options.deadlineAt ?? startedAt + config.runTimeoutMs,
      events,
      signal: interrupt.signal,
    };
    if (options.shard && !options.previous)
      run.previous = await lastRunForShards(reportsDir, config.rootDir, config.history);
    const report = await runSuites(config, run);
    await send({ type: 'done', report });
  } catch (e) {
    await send({ type: 'error', error: serializeError(e) });
    exitCode = 1;
  }
  // Suites may leave timers or sockets behind; the supervisor has the report, so end here.
  process.exit(exitCode);
}
