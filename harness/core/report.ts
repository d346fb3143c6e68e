/**
 * The one run model's types, inferred from the schemas in report-schema.ts (one definition), and
 * the verdict arithmetic every kind and the engine share.
 */
import type { z } from 'zod';
import type { artifactSchema, checkResultSchema, runReportSchema, shardPartSchema, sourceLocationSchema, suiteReportSchema, trendSchema, verdictSchema } from './report-schema.ts';

export { REPORT_SCHEMA_VERSION } from './report-schema.ts';

export type Verdict = z.output<typeof verdictSchema>;
export type SourceLocation = z.output<typeof sourceLocationSchema>;
export type Artifact = z.output<typeof artifactSchema>;
export type CheckResult = z.output<typeof checkResultSchema>;
export type ShardPart = z.output<typeof shardPartSchema>;
export type SuiteReport = z.output<typeof suiteReportSchema>;
export type Trend = z.output<typeof trendSchema>;
export type RunReport = z.output<typeof runReportSchema>;

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

/** Exit code for a finished run: 2 if any suite had invalid input, 1 on fail or error, else 0. */
export function exitCodeFor(report: RunReport): 0 | 1 | 2 {
  if (report.suites.some((s) => s.inputError)) return 2;
  return report.verdict === 'fail' || report.verdict === 'error' ? 1 : 0;
}
