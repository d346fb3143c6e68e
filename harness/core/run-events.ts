import { EventEmitter } from 'node:events';
import type { ProgressEvent } from './suite-kind.ts';
import type { RunReport, SuiteReport } from './report.ts';

export interface RunEventMap {
  'run-start': [{ suites: Array<{ kind: string; name: string }>; seed: number }];
  'suite-start': [{ kind: string; name: string }];
  progress: [ProgressEvent];
  'suite-end': [SuiteReport];
  /**
   * A suite began, at once (`suite-start` comes in config order, held while an earlier suite is shown):
   * with `suite-done`, what runs beside the suite shown, for a supervisor that may have to kill the run.
   */
  'suite-running': [{ kind: string; name: string }];
  /** A suite returned its report, at once (`suite-end` comes in config order). */
  'suite-done': [SuiteReport];
  'run-end': [RunReport];
}

/** Progress goes out as events, so a progress bar, a log line and a test can all listen. */
export class RunEvents extends EventEmitter<RunEventMap> {}
