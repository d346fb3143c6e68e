import type { SuiteReport } from './report.ts';
import type { RunEvents } from './run-events.ts';
import type { ProgressEvent } from './suite-kind.ts';

interface SuiteState {
  started: boolean;
  announced: boolean;
  lastProgress?: ProgressEvent;
  report?: SuiteReport;
}

/**
 * Suite events in config order, whatever overlapped: `suite-start`, `progress` and `suite-end` of one
 * suite, then the next, as a serial run sends them. A suite that runs ahead of the one being shown
 * is held: its latest progress and its end are sent when its turn comes. So a console line, a
 * progress bar and the supervisor all see one suite at a time, in order.
 */
export class InOrderEvents {
  private next = 0;
  private readonly state: SuiteState[];

  constructor(
    private readonly suites: ReadonlyArray<{ kind: string; name: string }>,
    private readonly events: RunEvents,
  ) {
    this.state = suites.map(() => ({ started: false, announced: false }));
  }

  started(index: number): void {
    this.state[index]!.started = true;
    this.flush();
  }

  progress(index: number, event: ProgressEvent): void {
    const s = this.state[index]!;
    if (s.announced && index === this.next) this.events.emit('progress', event);
    else s.lastProgress = event;
  }

  ended(index: number, report: SuiteReport): void {
    this.state[index]!.report = report;
    this.flush();
  }

  /** The run is over: send what is held; suites that never started are passed over. */
  close(): void {
    this.flush(true);
  }

  private flush(over = false): void {
    while (this.next < this.suites.length) {
      const s = this.state[this.next]!;
      if (!s.started) {
        if (!over) return;
        this.next++;
        continue;
      }
      if (!s.announced) {
        s.announced = true;
        const { kind, name } = this.suites[this.next]!;
        this.events.emit('suite-start', { kind, name });
        if (s.lastProgress) this.events.emit('progress', s.lastProgress);
      }
      if (!s.report) return;
      this.events.emit('suite-end', s.report);
      this.next++;
    }
  }
}
