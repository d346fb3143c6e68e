import { EventEmitter } from 'node:events';
import type { ProgressEvent } from './suite-kind.ts';
import type { RunReport, SuiteReport } from './report.ts';

export interface RunEventMap {
  'run-start': [{ suites: Array<{ kind: string; name: string }>; seed: number }];
  'suite-start': [{ kind: string; name: string }];
  progress: [ProgressEvent];
  'suite-end': [SuiteReport];
  'run-end': [RunReport];
}

/** Progress goes out as events, so a progress bar, a log line and a test can all listen. */
export class RunEvents extends EventEmitter<RunEventMap> {}
