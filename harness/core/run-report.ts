import { createRequire } from 'node:module';
import { describeEnvironment } from './environment.ts';
import {
  REPORT_SCHEMA_VERSION,
  worstVerdict,
  type RunPartial,
  type RunReport,
  type SuiteRef,
  type SuiteReport,
} from './report.ts';

const pkg = createRequire(import.meta.url)('../../package.json') as { version: string };

/** What a run did, from which the run report is made (in the process that ran the suites, or by its supervisor). */
export interface RunOutcome {
  rootDir: string;
  failOn: 'fail' | 'warn';
  runTimeoutMs: number;
  seed: number;
  ci: boolean;
  shard?: RunReport['shard'];
  startedAt: Date;
  durationMs: number;
  /** The suites selected for this run, in order. */
  planned: SuiteRef[];
  /** The reports of the suites that ended (in order), a cut-short one included. */
  results: SuiteReport[];
  /** Set when the run was stopped before every planned suite had finished. */
  stop?: { reason: RunPartial['reason']; cutShort: SuiteRef[]; detail?: string };
}

const refText = (s: SuiteRef) => `${s.kind}/${s.name}`;

/** The one line of `reasons` that says why a run is partial and what it left out. */
export function partialReason(partial: RunPartial, runTimeoutMs: number, detail?: string): string {
  const why = {
    deadline: `run deadline of ${runTimeoutMs} ms passed`,
    interrupted: `interrupted${detail ? ` (${detail})` : ''}`,
    crashed: `the process running the suites ended unexpectedly${detail ? ` (${detail})` : ''}`,
  }[partial.reason];
  const cut = partial.cutShort.length
    ? `${partial.cutShort.map(refText).join(', ')} cut short`
    : 'no suite was cut short';
  const skipped = `${partial.skipped.length} suite(s) did not run${partial.skipped.length ? ` (${partial.skipped.map(refText).join(', ')})` : ''}`;
  return `${why}: ${cut}; ${skipped}`;
}

/** The run report: verdict and reasons from the suites, and what a stopped run left out. */
export function buildRunReport(o: RunOutcome): RunReport {
  let verdict = worstVerdict(o.results.map((s) => s.verdict));
  if (verdict === 'warn' && o.failOn === 'warn') verdict = 'fail';
  const reasons = o.results
    .filter((s) => s.verdict !== 'pass')
    .map((s) => `${s.kind}/${s.name}: ${s.verdict}: ${s.summary}`);
  let partial: RunPartial | undefined;
  if (o.stop) {
    const ended = new Set([...o.results, ...o.stop.cutShort].map(refText));
    partial = {
      reason: o.stop.reason,
      skipped: o.planned.filter((s) => !ended.has(refText(s))).map(({ kind, name }) => ({ kind, name })),
      cutShort: o.stop.cutShort.map(({ kind, name }) => ({ kind, name })),
    };
    verdict = worstVerdict([verdict, 'error']);
    reasons.push(partialReason(partial, o.runTimeoutMs, o.stop.detail));
  }
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'gauntlet', version: pkg.version },
    startedAt: o.startedAt.toISOString(),
    finishedAt: new Date(o.startedAt.getTime() + o.durationMs).toISOString(),
    durationMs: Math.round(o.durationMs),
    seed: o.seed,
    verdict,
    reasons,
    environment: describeEnvironment(o.rootDir, o.ci),
    ...(o.shard ? { shard: o.shard } : {}),
    suites: o.results,
    ...(partial ? { partial } : {}),
  };
}

/** The report of a suite that was running when its process was stopped: it said nothing more. */
export function stoppedSuite(suite: SuiteRef, durationMs: number, why: string): SuiteReport {
  return {
    kind: suite.kind,
    name: suite.name,
    verdict: 'error',
    durationMs: Math.round(durationMs),
    summary: `stopped: ${why}`,
    checks: [{ name: 'suite', verdict: 'error', reasons: [`stopped: ${why}`] }],
  };
}
