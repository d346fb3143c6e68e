/**
 * The process that runs the suites, under `superviseRun` (harness/cli/supervise-run.ts): it loads
 * the config, runs the suites in process and sends every event and the report to its supervisor,
 * which can stop it at the run deadline even when a suite's code never yields.
 */
import { loadConfig } from '../config/load-config.ts';
import { RunEvents } from '../core/run-events.ts';
import { runSuites } from '../core/run-suites.ts';
import { serializeError, type FromChild, type ToChild } from './run-messages.ts';

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
  else void start(m.configFile, m.options);
});

async function start(configFile: string, options: Extract<ToChild, { type: 'start' }>['options']): Promise<void> {
  const events = new RunEvents();
  events.on('run-start', (payload) => void send({ type: 'event', name: 'run-start', payload }));
  events.on('suite-start', (payload) => void send({ type: 'event', name: 'suite-start', payload }));
  events.on('progress', (payload) => void send({ type: 'event', name: 'progress', payload }));
  events.on('suite-end', (payload) => void send({ type: 'event', name: 'suite-end', payload }));
  let exitCode = 0;
  try {
    const config = await loadConfig(configFile);
    const report = await runSuites(config, { ...options, events, signal: interrupt.signal });
    await send({ type: 'done', report });
  } catch (e) {
    await send({ type: 'error', error: serializeError(e) });
    exitCode = 1;
  }
  // Suites may leave timers or sockets behind; the supervisor has the report, so end here.
  process.exit(exitCode);
}
