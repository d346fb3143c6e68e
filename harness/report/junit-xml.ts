import type { CheckResult, RunReport, SuiteReport } from '../core/report.ts';
import { escapeXml } from './escape.ts';
import { splitReason } from './check-diff.ts';

/**
 * JUnit XML (the Ant/Jenkins dialect most CI tools read): one <testsuite> per gauntlet suite, one
 * <testcase> per check. fail is <failure>, error is <error>, warn passes with its reasons in
 * <system-out>; metrics become testcase <properties>.
 */
export function renderJunitXml(report: RunReport): string {
  const suites = report.suites.map(renderSuite);
  const count = (v: string) => report.suites.reduce((n, s) => n + casesOf(s).filter((c) => c.verdict === v).length, 0);
  const tests = report.suites.reduce((n, s) => n + casesOf(s).length, 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="gauntlet" tests="${tests}" failures="${count('fail')}" errors="${count('error')}" skipped="0" time="${seconds(report.durationMs)}" timestamp="${escapeXml(report.startedAt)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

/** A suite that could not run still shows up as one errored test case. */
function casesOf(s: SuiteReport): CheckResult[] {
  if (s.checks.length) return s.checks;
  if (s.verdict === 'pass' || s.verdict === 'warn') return [];
  return [
    { name: 'suite', verdict: s.verdict, reasons: [s.inputError ? `${s.inputError.code}: ${s.summary}` : s.summary] },
  ];
}

function renderSuite(s: SuiteReport): string {
  const cases = casesOf(s);
  const n = (v: string) => cases.filter((c) => c.verdict === v).length;
  const attrs = `name="${escapeXml(`${s.kind}/${s.name}`)}" tests="${cases.length}" failures="${n('fail')}" errors="${n('error')}" skipped="0" time="${seconds(s.durationMs)}"`;
  const out = [`  <testsuite ${attrs}>`];
  if (s.metrics && Object.keys(s.metrics).length) {
    out.push(
      '    <properties>',
      ...Object.entries(s.metrics).map(([k, v]) => `      ${property(k, v)}`),
      '    </properties>',
    );
  }
  for (const c of cases) out.push(renderCase(s, c));
  const notes = s.notes?.length ? s.notes.join('\n') : '';
  if (notes) out.push(`    <system-out>${escapeXml(notes)}</system-out>`);
  out.push('  </testsuite>');
  return out.join('\n');
}

function renderCase(s: SuiteReport, c: CheckResult): string {
  const file = c.location
    ? ` file="${escapeXml(c.location.file)}"${c.location.line ? ` line="${c.location.line}"` : ''}`
    : '';
  const time = c.durationMs === undefined ? '' : ` time="${seconds(c.durationMs)}"`;
  const head = `    <testcase classname="${escapeXml(`gauntlet.${s.kind}.${s.name}`)}" name="${escapeXml(c.name)}"${time}${file}>`;
  const body: string[] = [];
  if (c.metrics && Object.keys(c.metrics).length) {
    body.push(
      '      <properties>',
      ...Object.entries(c.metrics).map(([k, v]) => `        ${property(k, v)}`),
      '      </properties>',
    );
  }
  const text = escapeXml(c.reasons.join('\n'));
  const message = escapeXml(c.reasons.length ? splitReason(c.reasons[0]!).head : c.verdict);
  if (c.verdict === 'fail')
    body.push(
      `      <failure message="${message}" type="${c.change === 'regressed' ? 'regression' : 'check'}">${text}</failure>`,
    );
  else if (c.verdict === 'error') body.push(`      <error message="${message}" type="error">${text}</error>`);
  else if (c.verdict === 'warn')
    body.push(`      <system-out>${escapeXml(`WARN: ${c.reasons.join('\n')}`)}</system-out>`);
  return body.length ? `${head}\n${body.join('\n')}\n    </testcase>` : head.replace(/>$/, '/>');
}

const property = (k: string, v: number) => `<property name="${escapeXml(k)}" value="${String(v)}"/>`;
const seconds = (ms: number) => (ms / 1000).toFixed(3);
