import type { RunReport } from '../core/report.ts';
import { escapeMarkdown as md } from './escape.ts';

const MAX_TRENDS = 10;

/** The level shifts of the history as text lines ("select 10,000 median_ms got 9% slower across…"), largest first. */
export function trendLines(report: RunReport): string[] {
  const trends = report.trends ?? [];
  const lines = trends.slice(0, MAX_TRENDS).map((t) => `${t.suite}: ${t.message}`);
  if (trends.length > MAX_TRENDS) lines.push(`…and ${trends.length - MAX_TRENDS} more (gauntlet history)`);
  return lines;
}

/** The Markdown block for the job summary and the PR comment; empty when there is no trend. */
export function trendMarkdown(report: RunReport): string {
  const lines = trendLines(report);
  return lines.length
    ? `**Trends on the watched branch** (level shifts in the run history)\n${lines.map((l) => `- 📈 ${md(l)}`).join('\n')}`
    : '';
}
