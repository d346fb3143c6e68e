import type { CanaryJudgment } from './judgment.ts';
import { fmt, pct, pv } from './format.ts';

/** The judgment as text for a terminal: decision first, then one line per metric with its reason. */
export function renderJudgment(j: CanaryJudgment): string {
  const lines: string[] = [];
  const policy = j.verdict === 'inconclusive' ? `; inconclusive is a ${j.settings.inconclusive} by policy` : '';
  lines.push(`canary ${j.verdict.toUpperCase()}: ${j.decision} (score ${fmt(j.score)}${policy})`);
  for (const r of j.reasons) lines.push(`  - ${r}`);
  lines.push(`  ${j.srm.statement}`);
  for (const m of j.metrics) {
    const hl = m.hodgesLehmann
      ? `  HL ${fmt(m.hodgesLehmann.estimate)} [${fmt(m.hodgesLehmann.lower)}, ${fmt(m.hodgesLehmann.upper)}]`
      : '';
    lines.push(
      `  ${m.classification.padEnd(12)} ${m.name}${m.critical ? ' (critical)' : ''}: ${m.pValue === null ? '' : pv(m.pValue) + ' two-sided'}${hl}`,
    );
    const pad = ' '.repeat(15);
    for (const r of m.reasons) lines.push(`${pad}${r}`);
    if (m.allowance) {
      const a = m.allowance;
      const base =
        m.type === 'continuous'
          ? 'baseline median (mean when the median is 0)'
          : `baseline ${m.type === 'rate' ? 'rate' : 'events per interval'}`;
      lines.push(
        `${pad}allowed: ±${fmt(a.change)} = ${pct(a.relative, false)} of the ${base} ${fmt(a.base)} + ${fmt(a.absolute)} (${a.source === 'type default' ? `default for ${m.type} metrics` : a.source === 'defaults' ? 'judge defaults' : 'set for this metric'})`,
      );
    }
    if (m.samplesToSettle) lines.push(`${pad}to settle: ${m.samplesToSettle.statement}`);
    if (m.power) lines.push(`${pad}power: ${m.power.statement}`);
  }
  return lines.join('\n') + '\n';
}
