import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { RunEvents } from '../core/run-events.ts';
import { fixtureRunReport, HOSTILE_NAME } from './__fixtures__/run-reports.ts';
import { consoleReporter, renderConsoleSummary } from './console-reporter.ts';
import type { ReporterContext } from './reporter.ts';

function capture(over: Partial<ReporterContext> = {}) {
  const out = new PassThrough();
  let text = '';
  out.on('data', (d: Buffer) => (text += d.toString()));
  const ctx: ReporterContext = { reportsDir: '/nonexistent', rootDir: '/', ci: false, out, isTTY: false, ...over };
  return { ctx, text: () => text };
}

function simulateRun(events: RunEvents) {
  const report = fixtureRunReport();
  events.emit('run-start', { suites: report.suites.map(({ kind, name }) => ({ kind, name })), seed: 1 });
  for (const s of report.suites) {
    events.emit('suite-start', { kind: s.kind, name: s.name });
    for (let i = 1; i <= 3; i++) events.emit('progress', { suite: s.name, done: i, total: 3, label: `step ${i}` });
    events.emit('suite-end', s);
  }
  events.emit('run-end', report);
  return report;
}

describe('console reporter', () => {
  it('prints a table per kind, the failing checks with reasons and the verdict', () => {
    const text = renderConsoleSummary(fixtureRunReport());
    for (const kind of ['golden', 'bench', 'stress', 'drift', 'canary'])
      expect(text).toMatch(new RegExp(`^${kind}$`, 'm'));
    expect(text).toMatch(/FAIL selection › returning user, diverse {2}suites\/golden\/cases\/returning.yaml\n/);
    expect(text).toContain('        exact order differs\n        overlap@3 0.6667, kendall tau 0.71');
    expect(text).toMatch(/^gauntlet: FAIL {2}5 suite\(s\)/m);
    expect(text).not.toContain('\x1b[');
    expect(text).not.toContain(HOSTILE_NAME); // passing checks are not listed
  });

  it('lists at most 50 failing checks per suite', () => {
    const report = fixtureRunReport();
    report.suites[0]!.checks = Array.from({ length: 120 }, (_, i) => ({
      name: `case ${i}`,
      verdict: 'fail' as const,
      reasons: ['x'],
    }));
    const text = renderConsoleSummary(report);
    expect(text).toContain('FAIL selection › case 49\n');
    expect(text).not.toContain('case 50\n');
    expect(text).toContain('…and 70 more checks that did not pass');
  });

  it('strips terminal escapes that a case name could carry', () => {
    const report = fixtureRunReport();
    report.suites[0]!.checks[1]!.name = 'evil\x1b]0;pwned\x07\x1b[2J';
    expect(renderConsoleSummary(report)).not.toContain('\x1b');
  });

  it('is quiet during a CI run and prints only the final summary', async () => {
    const { ctx, text } = capture({ ci: true, isTTY: true });
    const events = new RunEvents();
    consoleReporter.attach!(events, ctx);
    const report = simulateRun(events);
    expect(text()).toBe('');
    await consoleReporter.onRunEnd(report, ctx);
    expect(text()).toBe(renderConsoleSummary(report, false));
  });

  it('prints one line per finished suite when piped', () => {
    const { ctx, text } = capture();
    const events = new RunEvents();
    consoleReporter.attach!(events, ctx);
    simulateRun(events);
    expect(text().trim().split('\n')).toEqual([
      'FAIL  golden/selection  413 ms',
      'FAIL  bench/planner-bench  9.8 s',
      'PASS  stress/llm-1000  21.0 s',
      'WARN  drift/thirty-days  5.2 s',
      'PASS  canary/ranker-v2  1.1 s',
    ]);
  });

  it('draws progress bars on a terminal', () => {
    vi.useFakeTimers();
    const { ctx, text } = capture({ isTTY: true });
    const events = new RunEvents();
    consoleReporter.attach!(events, ctx);
    const report = fixtureRunReport();
    events.emit('run-start', { suites: report.suites.map(({ kind, name }) => ({ kind, name })), seed: 1 });
    events.emit('suite-start', { kind: 'stress', name: 'llm-1000' });
    events.emit('progress', { suite: 'llm-1000', done: 400, total: 1000, label: 'calls' });
    vi.advanceTimersByTime(500);
    events.emit('suite-end', report.suites[2]!);
    events.emit('run-end', report);
    vi.useRealTimers();
    expect(text()).toMatch(/400\/1000 stress\/llm-1000 calls/);

    expect(text()).toMatch(/█+░+ 400\/1000/);
    expect(text()).toContain('PASS  stress/llm-1000  21.0 s');
  });
});
