import pc from 'picocolors';
import type { RunReport, Verdict } from '../core/report.ts';
import type { Reporter } from './reporter.ts';

const MARK: Record<Verdict, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', error: 'ERROR' };

export function colourVerdict(v: Verdict, colour: boolean): string {
  const text = MARK[v];
  if (!colour) return text;
  return v === 'pass' ? pc.green(text) : v === 'warn' ? pc.yellow(text) : pc.red(text);
}

/** Render the run as text: one line per suite, the failing checks with their reasons, the verdict. */
export function renderConsoleSummary(report: RunReport, colour = false): string {
  const lines: string[] = [];
  for (const s of report.suites) {
    lines.push(`${colourVerdict(s.verdict, colour)} ${s.kind}/${s.name}  ${s.summary}  (${Math.round(s.durationMs)} ms)`);
    for (const c of s.checks) {
      if (c.verdict === 'pass') continue;
      lines.push(`  ${colourVerdict(c.verdict, colour)} ${c.name}${c.location ? `  ${c.location.file}${c.location.line ? `:${c.location.line}` : ''}` : ''}`);
      for (const r of c.reasons) for (const l of r.split('\n')) lines.push(`      ${l}`);
    }
    for (const n of s.notes ?? []) lines.push(`  note: ${n}`);
  }
  lines.push('');
  lines.push(`gauntlet: ${colourVerdict(report.verdict, colour)}  ${report.suites.length} suite(s), seed ${report.seed}, ${report.durationMs} ms${report.partial ? ' (partial: run deadline passed)' : ''}`);
  for (const r of report.reasons) lines.push(`  - ${r}`);
  return lines.join('\n') + '\n';
}

export const consoleReporter: Reporter = {
  name: 'console',
  async onRunEnd(report, ctx) {
    ctx.out.write(renderConsoleSummary(report, ctx.isTTY && !ctx.ci));
  },
};
