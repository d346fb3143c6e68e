import type { CanaryJudgment } from './judgment.ts';
import { fmt, pv } from './format.ts';

/** The judgment as text for a terminal: decision first, then one line per metric with its reason. */
export function renderJudgment(j: CanaryJudgment): string {
  const lines: string[] = [];
  lines.push(`canary ${j.verdict.toUpperCase()}: ${j.decision} (score ${fmt(j.score)})`);
  for (const r of j.reasons) lines.push(`  - ${r}`);
  lines.push(`  ${j.srm.statement}`);
  for (const m of j.metrics) {
    const hl = m.hodgesLehmann ? `  HL ${fmt(m.hodgesLehmann.estimate)} [${fmt(m.hodgesLehmann.lower)}, ${fmt(m.hodgesLehmann.upper)}]` : '';
    lines.push(`  ${m.classification.padEnd(7)} ${m.name}${m.critical ? ' (critical)' : ''}: ${m.pValue === null ? '' : pv(m.pValue) + ' two-sided'}${hl}`);
    for (const r of m.reasons) lines.push(`          ${r}`);
    if (m.power) lines.push(`          power: ${m.power.statement}`);
  }
  return lines.join('\n') + '\n';
}
