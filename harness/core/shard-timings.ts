/**
 * What `--shard i/n` balances by: the durations of the last unsharded or merged run, per suite and
 * per check (golden cases, drift scenario x seed pairs via `details.seeds`, bench files via
 * `location.file`). A run report has them; the history store keeps this skeleton of each recorded
 * run (history-store.ts), so a checkout without the last report still splits by time.
 */
import { z } from 'zod';
import type { RunReport, SuiteReport } from './report.ts';
import { suiteReportSchema } from './report-schema.ts';

/** The part of a run report a shard plan reads. */
export type LastRun = Pick<RunReport, 'suites'> & { shard?: RunReport['shard'] };

/** The durations of a run's suites and checks, without their figures and texts. */
export function timingsOf(report: Pick<RunReport, 'suites'>): SuiteReport[] {
  return report.suites.map((s) => ({
    kind: s.kind,
    name: s.name,
    verdict: s.verdict,
    durationMs: s.durationMs,
    summary: '',
    checks: s.checks
      .filter((c) => c.durationMs !== undefined)
      .map((c) => {
        const seeds = (c.details as { seeds?: unknown } | undefined)?.seeds;
        return {
          name: c.name,
          verdict: c.verdict,
          reasons: [],
          durationMs: c.durationMs,
          ...(c.location?.file ? { location: { file: c.location.file } } : {}),
          ...(Array.isArray(seeds) ? { details: { seeds } } : {}),
        };
      }),
  }));
}

const timingsSchema = z.array(suiteReportSchema);

/** Timings read back (from the history store): undefined when they do not parse. */
export function parseTimings(json: string): LastRun | undefined {
  try {
    const parsed = timingsSchema.safeParse(JSON.parse(json));
    return parsed.success ? { suites: parsed.data } : undefined;
  } catch {
    return undefined;
  }
}
