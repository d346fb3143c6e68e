import { describe, expect, it } from 'vitest';
import type { RunReport, SuiteReport } from '../core/report.ts';
import { fixtureRunReport, HOSTILE_NAME, MENTION, passingRunReport } from './__fixtures__/run-reports.ts';
import { JOB_SUMMARY_LIMIT_BYTES, renderJobSummary } from './job-summary.ts';
import { COMMENT_LIMIT_CHARS, renderPrComment, stickyMarker } from './pr-comment.ts';
import { utf8Bytes } from './markdown.ts';

/** A run far too big for GitHub: thousands of failing checks with long reasons and diffs. */
function hugeReport(): RunReport {
  const report = fixtureRunReport();
  const suites: SuiteReport[] = ['golden', 'bench', 'canary'].flatMap((kind) =>
    Array.from({ length: 4 }, (_, s) => ({
      kind,
      name: `${kind}-${s}`,
      verdict: 'fail' as const,
      durationMs: 10,
      summary: 'many failures',
      checks: Array.from({ length: 1500 }, (_, i) => ({
        name: `case ${i} ${HOSTILE_NAME}`,
        verdict: i % 3 ? ('fail' as const) : ('pass' as const),
        reasons: [`reason ${'x'.repeat(150)} ${MENTION}`],
        metrics: { m1: i, m2: i / 7 },
        change: i % 2 ? ('regressed' as const) : ('improved' as const),
        details: { diff: `-a${i}\n+b${i}` },
      })),
    })),
  );
  report.suites.push(...suites);
  return report;
}

/** Every line of a Markdown table is a whole row: the text was not cut mid-table. */
function expectWholeTables(md: string) {
  for (const line of md.split('\n')) if (line.startsWith('|')) expect(line.endsWith('|')).toBe(true);
  const lines = md.split('\n');
  lines.forEach((l, i) => {
    if (/^\| (---|\s)/.test(l) && l.includes('---')) expect(lines[i - 1]!.startsWith('|')).toBe(true);
  });
}

describe('job summary', () => {
  it('has the headline verdict and reasons, a table per kind, details folded, charts named', () => {
    const md = renderJobSummary(fixtureRunReport(), {
      artifactsUrl: 'https://github.com/o/r/actions/runs/9#artifacts',
    });
    expect(md.split('\n')[0]).toBe('## gauntlet ❌ fail: 1 regression, 2 improvements, 2 failing checks, 2 warnings');
    for (const kind of ['golden', 'bench', 'stress', 'drift', 'canary'])
      expect(md).toMatch(new RegExp(`^### .+ ${kind}$`, 'm'));
    expect(md).toContain('<details><summary>selection: all 4 checks</summary>');
    expect(md).toContain(
      '[the HTML report](https://github.com/o/r/actions/runs/9#artifacts): planner-bench: plan 100 candidates trend',
    );
    expect(md).toContain(
      '<details><summary>diff: selection › returning user, diverse</summary>\n\n```diff\n--- expected\n+++ actual\n item-3\n-item-17\n item-8\n+item-22\n```',
    );
    expectWholeTables(md);
  });

  it('shows case names and model output as text', () => {
    const md = renderJobSummary(fixtureRunReport());
    expect(md).not.toContain('<img');
    expect(md).not.toMatch(/@everyone/);
    expect(md).toContain('&lt;img src=x onerror=alert\\(1\\)&gt;');
  });

  it('stays under 1 MiB by summarising sections, not by cutting a table', () => {
    const report = hugeReport();
    const md = renderJobSummary(report);
    expect(utf8Bytes(md)).toBeLessThanOrEqual(JOB_SUMMARY_LIMIT_BYTES);
    expect(utf8Bytes(md)).toBeGreaterThan(JOB_SUMMARY_LIMIT_BYTES / 4); // summarised, not emptied
    expect(md).toMatch(/section\(s\) summarised to stay under GitHub's job summary size limit/);
    expect(md.startsWith('## gauntlet ❌ fail')).toBe(true);
    for (const kind of ['golden', 'bench', 'stress', 'drift', 'canary'])
      expect(md).toMatch(new RegExp(`^### .+ ${kind}$`, 'm'));
    expectWholeTables(md);
  });
});

describe('pull-request comment', () => {
  it('starts with the marker and the headline, then what changed per kind, with golden diffs', () => {
    const md = renderPrComment(fixtureRunReport());
    const lines = md.split('\n');
    expect(lines[0]).toBe(stickyMarker());
    expect(lines[1]).toMatch(/^## gauntlet ❌ fail: 1 regression, 2 improvements/);
    expect(md).toContain(
      '| ❌ | selection › returning user, diverse |  | candidates&nbsp;40<br>selected&nbsp;3<br>kendall\\_tau&nbsp;0.71 (+1) | exact order differs; kendall tau 0.7100 &lt; 0.9 | suites/golden/cases/returning.yaml |',
    );
    expect(md).toContain('| ❌ | planner-bench › plan 100 candidates | 🔻 regressed |');
    expect(md).toContain('| ✅ | planner-bench › plan 10 candidates | 🔺 improved |');
    expect(md).not.toContain('cold-start user'); // unchanged and passing: not in the comment
    expect(md).toContain('No changes against the baseline (3 check(s) pass).');
    expect(md).toContain(
      '**selection › returning user, diverse**\n\n```diff\n--- expected\n+++ actual\n item-3\n-item-17\n item-8\n+item-22\n```',
    );
    expect(md).not.toMatch(/@everyone|<img/);
  });

  it('says so plainly when all is well', () => {
    expect(renderPrComment(passingRunReport()).split('\n')[1]).toBe('## gauntlet ✅ pass: 1 improvement');
  });

  it('stays under 65,536 characters, trimmed section by section', () => {
    const md = renderPrComment(hugeReport());
    expect(md.length).toBeLessThan(COMMENT_LIMIT_CHARS);
    expect(md.length).toBeGreaterThan(COMMENT_LIMIT_CHARS / 4);
    expect(md).toMatch(/section\(s\) summarised to fit GitHub's comment size limit/);
    expect(md.split('\n')[0]).toBe(stickyMarker());
    expectWholeTables(md);
  });
});

describe('degenerate sizes', () => {
  it('a report that cannot be summarised under the limit says so instead of cutting', () => {
    const report = fixtureRunReport();
    report.suites = Array.from({ length: 3000 }, (_, i) => ({
      kind: `kind-${i}`,
      name: `s${i}`,
      verdict: 'pass' as const,
      durationMs: 1,
      summary: 'ok',
      checks: [],
    }));
    const md = renderPrComment(report);
    expect(md.length).toBeLessThan(COMMENT_LIMIT_CHARS);
    expect(md).toContain('too large to summarise here');
    expect(md.split('\n')[0]).toBe(stickyMarker());
  });

  it('very long names and reasons are clipped in tables', () => {
    const report = fixtureRunReport();
    report.suites[0]!.checks[1]!.name = 'n'.repeat(100_000);
    report.reasons[0] = 'r'.repeat(100_000);
    const md = renderPrComment(report);
    expect(md.length).toBeLessThan(20_000);
  });
});

describe('trends from the run history', () => {
  it('the job summary, the PR comment and the console show each level shift', async () => {
    const { fixtureRunReport } = await import('./__fixtures__/run-reports.ts');
    const { renderJobSummary } = await import('./job-summary.ts');
    const { renderPrComment } = await import('./pr-comment.ts');
    const { renderConsoleSummary } = await import('./console-reporter.ts');
    const report = fixtureRunReport();
    const message = 'select 10,000 median_ms got 9% slower across the last 12 commits, starting at 1a2b3c4';
    report.trends = [
      {
        kind: 'bench',
        suite: 'planner',
        check: 'select 10,000',
        metric: 'median_ms',
        relativeChange: 0.09,
        before: 10,
        after: 10.9,
        runsSince: 12,
        commitsSince: 12,
        startDate: '2026-11-01T00:00:00.000Z',
        startCommit: '1a2b3c4d',
        message,
      },
    ];
    const shown = `📈 planner: ${message.replace('_', '\\_')}`; // Markdown-escaped
    expect(renderJobSummary(report)).toContain(shown);
    expect(renderPrComment(report)).toContain(shown);
    expect(renderConsoleSummary(report, false)).toContain(`~ planner: ${message}`);
    expect(renderPrComment({ ...report, trends: undefined })).not.toContain('Trends on the watched branch');
  });
});
