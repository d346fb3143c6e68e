import pc from 'picocolors';
import { PARTIAL_WORDS, type RunReport, type Verdict } from '../core/report.ts';
import { trendLines } from './trend-section.ts';
import { formatDuration, formatNumber, location, metricColumns, suitesByKind } from './format.ts';
import { attachProgress } from './progress-display.ts';
import type { Reporter } from './reporter.ts';
import { terminalSafe, textTable } from './text-table.ts';

/** Checks listed per suite; a run with thousands of failures stays readable. */
const MAX_CHECKS_SHOWN = 50;

const MARK: Record<Verdict, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', error: 'ERROR' };

export function colourVerdict(v: Verdict, colour: boolean): string {
  const text = MARK[v];
  if (!colour) return text;
  return v === 'pass' ? pc.green(text) : v === 'warn' ? pc.yellow(text) : pc.red(text);
}

/**
 * Render the run as text: a compact table per suite kind (suite, verdict, summary, the kind's
 * first metrics), then the checks that did not pass with their reasons, then the one verdict.
 */
export function renderConsoleSummary(report: RunReport, colour = false): string {
  const t = terminalSafe;
  const lines: string[] = [];
  for (const { kind, suites } of suitesByKind(report)) {
    const suiteMetrics = metricColumns(
      suites.map((s) => ({ name: s.name, verdict: s.verdict, reasons: [], metrics: s.metrics })),
      3,
    );
    lines.push(colour ? pc.bold(kind) : kind);
    const rows = suites.map((s) => [
      colourVerdict(s.verdict, colour),
      t(s.name),
      t(s.summary),
      formatDuration(s.durationMs),
      ...suiteMetrics.map((m) => (s.metrics?.[m] === undefined ? '' : formatNumber(s.metrics[m]))),
    ]);
    lines.push(...textTable(['', 'suite', 'summary', 'time', ...suiteMetrics.map(t)], rows));
    for (const s of suites) {
      const notPassing = s.checks.filter((c) => c.verdict !== 'pass');
      for (const c of notPassing.slice(0, MAX_CHECKS_SHOWN)) {
        const where = location(c);
        lines.push(
          `    ${colourVerdict(c.verdict, colour)} ${t(s.name)} › ${t(c.name)}${where ? `  ${colour ? pc.dim(t(where)) : t(where)}` : ''}`,
        );
        for (const r of c.reasons) for (const l of r.split('\n')) lines.push(`        ${t(l)}`);
      }
      if (notPassing.length > MAX_CHECKS_SHOWN)
        lines.push(
          `    …and ${notPassing.length - MAX_CHECKS_SHOWN} more checks that did not pass (all in the JSON and HTML reports)`,
        );
      for (const n of s.notes ?? []) lines.push(`    note (${t(s.name)}): ${t(n)}`);
    }
    lines.push('');
  }
  lines.push(
    `gauntlet: ${colourVerdict(report.verdict, colour)}  ${report.suites.length} suite(s), seed ${report.seed}, ${formatDuration(report.durationMs)}${report.partial ? ` (partial: ${PARTIAL_WORDS[report.partial.reason]})` : ''}`,
  );
  for (const r of report.reasons) lines.push(`  - ${t(r)}`);
  const trends = trendLines(report);
  if (trends.length) lines.push('trends (run history):', ...trends.map((l) => `  ~ ${t(l)}`));
  return lines.join('\n') + '\n';
}

/** Live progress on a terminal (bars), a line per suite elsewhere, nothing in CI; the tables at the end. */
export const consoleReporter: Reporter = {
  name: 'console',
  attach(events, ctx) {
    attachProgress(events, ctx);
  },
  async onRunEnd(report, ctx) {
    ctx.out.write(renderConsoleSummary(report, ctx.isTTY && !ctx.ci));
  },
};
