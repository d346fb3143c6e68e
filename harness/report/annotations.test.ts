import { describe, expect, it } from 'vitest';
import { fixtureRunReport } from './__fixtures__/run-reports.ts';
import { ANNOTATIONS_PER_TYPE, rankAnnotations } from './annotations.ts';
import { publishToGitHubActions, type ActionsCore } from './github-reporter.ts';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('annotations', () => {
  it('point at the golden case file and line and the bench file', () => {
    const a = rankAnnotations(fixtureRunReport());
    expect(a[0]).toMatchObject({
      level: 'error',
      file: 'suites/bench/planner.bench.ts',
      line: 12,
      title: 'gauntlet bench/planner-bench: plan 100 candidates (regressed)',
    });
    expect(a[1]).toMatchObject({
      level: 'error',
      file: 'suites/golden/cases/returning.yaml',
      title: 'gauntlet golden/selection: returning user, diverse',
    });
    expect(a[1]!.message).toMatch(/^exact order differs\noverlap@3/);
    expect(a).toContainEqual(expect.objectContaining({ level: 'warning', file: 'suites/golden/cases/old.yaml' }));
    expect(a).toContainEqual(expect.objectContaining({ level: 'notice' }));
  });

  it('fit 10 per type, most important first, the rest counted', () => {
    const report = fixtureRunReport();
    const s = report.suites[0]!;
    for (let i = 0; i < 30; i++) s.checks.push({ name: `minor ${i}`, verdict: 'fail', reasons: ['x'] });
    for (let i = 0; i < 30; i++) s.checks.push({ name: `warn ${i}`, verdict: 'warn', reasons: ['w'] });
    s.checks.push({ name: 'crashed', verdict: 'error', reasons: ['boom'] });
    const a = rankAnnotations(report);
    for (const level of ['error', 'warning', 'notice'])
      expect(a.filter((x) => x.level === level).length).toBeLessThanOrEqual(ANNOTATIONS_PER_TYPE);
    const errors = a.filter((x) => x.level === 'error');
    expect(errors[0]!.title).toContain('crashed');
    expect(errors[1]!.file).toBe('suites/bench/planner.bench.ts');
    expect(errors.at(-1)!.message).toMatch(/^24 more error\(s\) not shown/);
  });

  it('are emitted through @actions/core with the job summary written to GITHUB_STEP_SUMMARY', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gauntlet-gha-'));
    const summaryFile = join(dir, 'step-summary.md');
    await writeFile(summaryFile, '');
    const calls: unknown[][] = [];
    let written = '';
    const core: ActionsCore = {
      summary: { addRaw: (t) => ({ write: async () => void (written += t) }) },
      error: (...args) => void calls.push(['error', ...args]),
      warning: (...args) => void calls.push(['warning', ...args]),
      notice: (...args) => void calls.push(['notice', ...args]),
    };
    const env = { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summaryFile };
    await publishToGitHubActions(
      fixtureRunReport(),
      { reportsDir: dir, rootDir: dir, ci: true, out: process.stdout, isTTY: false, env },
      core,
    );
    expect(written.startsWith('## gauntlet ❌ fail')).toBe(true);
    expect(await readFile(join(dir, 'summary.md'), 'utf8')).toBe(written);
    expect(calls[0]).toEqual([
      'error',
      expect.stringContaining('median 1.31 ms'),
      { title: expect.any(String), file: 'suites/bench/planner.bench.ts', startLine: 12 },
    ]);
  });

  it('write a real job summary file with @actions/core', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gauntlet-gha-'));
    const summaryFile = join(dir, 'step-summary.md');
    await writeFile(summaryFile, '');
    const saved = process.env.GITHUB_STEP_SUMMARY;
    process.env.GITHUB_STEP_SUMMARY = summaryFile;
    try {
      await publishToGitHubActions(fixtureRunReport(), {
        reportsDir: dir,
        rootDir: dir,
        ci: true,
        out: process.stdout,
        isTTY: false,
        env: { GITHUB_STEP_SUMMARY: summaryFile },
      });
    } finally {
      if (saved === undefined) delete process.env.GITHUB_STEP_SUMMARY;
      else process.env.GITHUB_STEP_SUMMARY = saved;
    }
    expect(await readFile(summaryFile, 'utf8')).toMatch(/^## gauntlet ❌ fail/);
  });
});
