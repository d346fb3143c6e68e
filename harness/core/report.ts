/**
 * The one run model's types, inferred from the schemas in report-schema.ts (one definition), and
 * the verdict arithmetic every kind and the engine share.
 */
import type { z } from 'zod';
import type {
  artifactSchema,
  checkResultSchema,
  runPartialSchema,
  runReportSchema,
  shardPartSchema,
  sourceLocationSchema,
  suiteRefSchema,
  suiteReportSchema,
  trendSchema,
  verdictSchema,
} from './report-schema.ts';

export { REPORT_SCHEMA_VERSION } from './report-schema.ts';

export type Verdict = z.output<typeof verdictSchema>;
export type SourceLocation = z.output<typeof sourceLocationSchema>;
export type Artifact = z.output<typeof artifactSchema>;
export type CheckResult = z.output<typeof checkResultSchema>;
export type ShardPart = z.output<typeof shardPartSchema>;
export type SuiteReport = z.output<typeof suiteReportSchema>;
export type Trend = z.output<typeof trendSchema>;
export type RunReport = z.output<typeof runReportSchema>;
export type RunPartial = z.output<typeof runPartialSchema>;
export type SuiteRef = z.output<typeof suiteRefSchema>;

/** How reporters say why a run is partial. */
export const PARTIAL_WORDS: Record<RunPartial['reason'], string> = {
  deadline: 'the run deadline passed',
  interrupted: 'interrupted',
  crashed: 'the run process crashed',
};

/** Exit codes of `gauntlet run` and the commands that run suites. */
export const EXIT = { pass: 0, fail: 1, input: 2, deadline: 3, interrupted: 130 } as const;

const RANK: Record<Verdict, number> = { pass: 0, warn: 1, fail: 2, error: 3 };

/** The worst of several verdicts (error > fail > warn > pass); pass for none. */
export function worstVerdict(verdicts: Iterable<Verdict>): Verdict {
  let worst: Verdict = 'pass';
  for (const v of verdicts) if (RANK[v] > RANK[worst]) worst = v;
  return worst;
}

/** A suite's verdict from its checks. */
export function suiteVerdict(checks: readonly CheckResult[]): Verdict {
  return worstVerdict(checks.map((c) => c.verdict));
}

/**
 * Exit code for a run: 2 if any suite had invalid input; 130 if it was interrupted; 3 if the run
 * deadline cut it short; 1 on fail or error (a crashed run included); else 0.
 */
export function exitCodeFor(report: RunReport): (typeof EXIT)[keyof typeof EXIT] {
  if (report.suites.some((s) => s.inputError)) return EXIT.input;
  if (report.partial?.reason === 'interrupted') return EXIT.interrupted;
  if (report.partial?.reason === 'deadline') return EXIT.deadline;
  return report.verdict === 'fail' || report.verdict === 'error' ? EXIT.fail : EXIT.pass;
}
