import type { RunReport } from '../core/report.ts';
import type { RunEvents } from '../core/run-events.ts';

export interface ReporterContext {
  reportsDir: string;
  rootDir: string;
  ci: boolean;
  /** Where console output goes (stdout by default; tests pass a buffer). */
  out: NodeJS.WritableStream;
  isTTY: boolean;
  /** Environment (GitHub Actions variables); process.env when absent. */
  env?: NodeJS.ProcessEnv;
}

/**
 * A reporter formats the run report; it never recomputes a number. `attach` lets live reporters
 * (progress bars) listen to run events; `onRunEnd` writes or prints the finished report.
 */
export interface Reporter {
  name: string;
  attach?(events: RunEvents, ctx: ReporterContext): void;
  onRunEnd(report: RunReport, ctx: ReporterContext): Promise<void>;
}
