import { GauntletError, isGauntletError, type ErrorLocation } from '../core/errors.ts';
import type { RunReport, SuiteRef } from '../core/report.ts';
import type { HistoryConfig } from '../history/history-step.ts';
import type { RunEventMap } from '../core/run-events.ts';
import type { RunOptions } from '../core/run-suites.ts';

/** The options of a run that cross to the process running the suites (no events, no signal). */
export type ChildRunOptions = Omit<RunOptions, 'events' | 'signal'>;

/** Supervisor to run process. `startedAt` (epoch ms): the run deadline counts from then. */
export type ToChild =
  { type: 'start'; configFile: string; startedAt: number; options: ChildRunOptions } | { type: 'abort' };

/**
 * What the supervisor needs of the config, sent by the run process once it has loaded it: the
 * supervisor never imports the config (the user's modules load once per run, in the run process).
 */
export interface RunSettings {
  file: string;
  rootDir: string;
  /** Absolute (the config's `reportsDir`, or the one given to the run). */
  reportsDir: string;
  reporters: string[];
  runTimeoutMs: number;
  failOn: 'fail' | 'warn';
  seed: number;
  history?: HistoryConfig;
  /** The suites this run (or shard) runs, in order. */
  planned: SuiteRef[];
}

type ForwardedEvent = {
  [K in Exclude<keyof RunEventMap, 'run-end'>]: { type: 'event'; name: K; payload: RunEventMap[K][0] };
}[Exclude<keyof RunEventMap, 'run-end'>];

/** An error as it crosses the process boundary: a GauntletError keeps its code, location and exit code. */
export interface SerializedError {
  message: string;
  stack?: string;
  gauntlet?: { code: string; location: ErrorLocation; exitCode: number };
}

/** Run process to supervisor. */
export type FromChild =
  | ForwardedEvent
  | { type: 'settings'; settings: RunSettings }
  | { type: 'done'; report: RunReport }
  | { type: 'error'; error: SerializedError };

export function serializeError(e: unknown): SerializedError {
  if (isGauntletError(e))
    return {
      message: e.message,
      stack: e.stack,
      gauntlet: { code: e.code, location: e.location, exitCode: e.exitCode },
    };
  return e instanceof Error ? { message: e.message, stack: e.stack } : { message: String(e) };
}

/** The error again, on the supervisor's side: the CLI prints and exits with it as if it were thrown there. */
export function reviveError(s: SerializedError): Error {
  const e = s.gauntlet
    ? new GauntletError(s.gauntlet.code, s.message, s.gauntlet.location, { exitCode: s.gauntlet.exitCode })
    : new Error(s.message);
  if (s.stack) e.stack = s.stack;
  return e;
}
