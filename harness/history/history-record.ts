/**
 * One history record per run: every number each check reported, with where and on what it was
 * measured. The same record is a line of the monthly JSONL files (the CI history branch) and a row
 * set of the SQLite store.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { RunReport } from '../core/report.ts';

export const HISTORY_SCHEMA_VERSION = 1;

export const historyMetricSchema = z.strictObject({
  kind: z.string().min(1),
  suite: z.string().min(1),
  /** '' for a suite-level metric. */
  check: z.string(),
  metric: z.string().min(1),
  value: z.number().refine(Number.isFinite, 'must be a finite number'),
});
export type HistoryMetric = z.output<typeof historyMetricSchema>;

export const machineSchema = z.strictObject({
  /** Short hash of what makes timings comparable: CPU model, core count, memory, platform, arch, Node major. */
  fingerprint: z.string().min(1),
  cpu: z.string(),
  cores: z.number().int().nonnegative(),
  platform: z.string(),
  arch: z.string(),
  node: z.string(),
});
export type Machine = z.output<typeof machineSchema>;

export const historyRunSchema = z.strictObject({
  schemaVersion: z.literal(HISTORY_SCHEMA_VERSION),
  /** Unique per run: importing the same line twice keeps one copy. */
  runId: z.string().min(1),
  date: z.iso.datetime(),
  commit: z.string().optional(),
  branch: z.string().optional(),
  machine: machineSchema,
  verdict: z.enum(['pass', 'warn', 'fail', 'error']),
  metrics: z.array(historyMetricSchema),
});
export type HistoryRun = z.output<typeof historyRunSchema>;

/** A series' one-line name: `kind:suite / check / metric` (the check part left out for suite metrics). */
export function seriesLabel(m: Pick<HistoryMetric, 'kind' | 'suite' | 'check' | 'metric'>): string {
  return [`${m.kind}:${m.suite}`, m.check, m.metric].filter(Boolean).join(' / ');
}

/** Every finite number of a run report, as history metrics. */
export function metricsOfReport(report: RunReport): HistoryMetric[] {
  const out: HistoryMetric[] = [];
  for (const s of report.suites) {
    for (const [metric, value] of Object.entries(s.metrics ?? {})) {
      if (Number.isFinite(value)) out.push({ kind: s.kind, suite: s.name, check: '', metric, value });
    }
    for (const c of s.checks) {
      for (const [metric, value] of Object.entries(c.metrics ?? {})) {
        if (Number.isFinite(value)) out.push({ kind: s.kind, suite: s.name, check: c.name, metric, value });
      }
    }
  }
  return out;
}

/** The history record of a finished run. */
export function historyRunOf(report: RunReport, where: { branch?: string; machine: Machine }): HistoryRun {
  const commit = report.environment.gitCommit;
  const runId = createHash('sha256')
    .update(`${report.startedAt}\0${commit ?? ''}\0${where.machine.fingerprint}\0${report.seed}`)
    .digest('hex')
    .slice(0, 16);
  return {
    schemaVersion: HISTORY_SCHEMA_VERSION,
    runId,
    date: report.startedAt,
    ...(commit ? { commit } : {}),
    ...(where.branch ? { branch: where.branch } : {}),
    machine: where.machine,
    verdict: report.verdict,
    metrics: metricsOfReport(report),
  };
}
