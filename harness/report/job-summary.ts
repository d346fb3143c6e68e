import { PARTIAL_WORDS, type RunReport } from '../core/report.ts';
import { escapeMarkdown as md } from './escape.ts';
import { formatDuration, headline, suitesByKind } from './format.ts';
import { fitSections, utf8Bytes } from './markdown.ts';
import { clip, kindSections } from './markdown-sections.ts';
import { trendMarkdown } from './trend-section.ts';

/** GitHub refuses a job summary over 1 MiB; stay a little under it. */
export const JOB_SUMMARY_LIMIT_BYTES = 1024 * 1024 - 4096;

export interface JobSummaryOptions {
  artifactsUrl?: string;
  limitBytes?: number;
}

/** The job summary: headline verdict and reasons, a table per suite kind, details folded, charts linked. */
export function renderJobSummary(report: RunReport, opts: JobSummaryOptions = {}): string {
  const reasons = report.reasons.slice(0, 20).map((r) => `- ${md(clip(r, 500))}`);
  if (report.reasons.length > 20) reasons.push(`- …and ${report.reasons.length - 20} more`);
  const env = report.environment;
  const shards = report.merged
    ? `, merged from ${report.merged.shards.length} shard(s)${report.merged.missing.length ? ` (missing: ${report.merged.missing.join(', ')})` : ''}`
    : '';
  const head = [
    `## ${md(headline(report))}`,
    reasons.join('\n'),
    trendMarkdown(report),
    `${report.suites.length} suite(s), seed ${report.seed}, ${formatDuration(report.durationMs)}, Node ${md(env.node)} on ${md(env.cpu)}${env.gitCommit ? `, commit ${md(env.gitCommit.slice(0, 12))}` : ''}${shards}${report.partial ? `, **partial: ${PARTIAL_WORDS[report.partial.reason]}**` : ''}`,
  ]
    .filter(Boolean)
    .join('\n\n');
  const sections = kindSections(suitesByKind(report), { mode: 'summary', artifactsUrl: opts.artifactsUrl });
  const foot = (n: number) =>
    n
      ? `_${n} section(s) summarised to stay under GitHub's job summary size limit; the full report is in the run's artifacts${opts.artifactsUrl ? ` ([artifacts](${opts.artifactsUrl}))` : ''}._`
      : '';
  return fitSections(head, sections, foot, opts.limitBytes ?? JOB_SUMMARY_LIMIT_BYTES, utf8Bytes).text;
}
