import type { SuiteRef, SuiteReport } from '../core/report.ts';
import type { RunEvents } from '../core/run-events.ts';
import { stoppedSuite } from '../core/run-report.ts';

const keyOf = (s: SuiteRef) => `${s.kind}/${s.name}`;

/**
 * What the supervisor knows of the suites from the run process's events: the reports of those that
 * ended and the suites still running. From it, the results and the cut-short suites of a run whose
 * process ended without its report (killed at the deadline, after an interrupt, or crashed).
 */
export class SuiteTracker {
  private readonly running = new Map<string, { ref: SuiteRef; t0: number }>();
  private readonly ended = new Map<string, SuiteReport>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Listen to a run's events; returns the function that stops listening. */
  follow(events: RunEvents): () => void {
    const began = ({ kind, name }: SuiteRef) => {
      const key = keyOf({ kind, name });
      if (!this.ended.has(key) && !this.running.has(key))
        this.running.set(key, { ref: { kind, name }, t0: this.now() });
    };
    const ended = (report: SuiteReport) => {
      this.running.delete(keyOf(report));
      this.ended.set(keyOf(report), report);
    };
    // The in-order events show one suite at a time; the unordered ones also see those beside it.
    events.on('suite-running', began);
    events.on('suite-start', began);
    events.on('suite-done', ended);
    events.on('suite-end', ended);
    return () => {
      events.off('suite-running', began);
      events.off('suite-start', began);
      events.off('suite-done', ended);
      events.off('suite-end', ended);
    };
  }

  /**
   * The reports of a run that was stopped, in `planned` order: those that ended, and a `stoppedSuite`
   * (saying `why`) for each suite still running, which is cut short.
   */
  stopped(planned: readonly SuiteRef[], why: string): { results: SuiteReport[]; cutShort: SuiteRef[] } {
    const order = [...new Set([...planned.map(keyOf), ...this.ended.keys(), ...this.running.keys()])];
    const results: SuiteReport[] = [];
    const cutShort: SuiteRef[] = [];
    for (const key of order) {
      const report = this.ended.get(key);
      const running = this.running.get(key);
      if (report) results.push(report);
      else if (running) {
        cutShort.push(running.ref);
        results.push(stoppedSuite(running.ref, this.now() - running.t0, why));
      }
    }
    return { results, cutShort };
  }
}
