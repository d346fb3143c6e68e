import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * actionlint is not installable here (not on npm, not in Debian's archive), so the workflows are
 * checked structurally: pinned actions, minimal permissions, concurrency, the fork-safe split, and
 * no expression of the event's data inside a shell script.
 */
const DIR = '.github/workflows';
const files = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f));

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
  if?: string;
  name?: string;
}
interface Job {
  'runs-on'?: string;
  permissions?: Record<string, string> | string;
  steps?: Step[];
  strategy?: { matrix?: Record<string, unknown> };
  needs?: string | string[];
  if?: string;
  'timeout-minutes'?: number;
}
interface Workflow {
  name: string;
  on: Record<string, unknown>;
  permissions?: Record<string, string> | string;
  concurrency?: { group: string; 'cancel-in-progress'?: unknown };
  env?: Record<string, unknown>;
  jobs: Record<string, Job>;
}

const load = (f: string) => ({
  text: readFileSync(join(DIR, f), 'utf8'),
  wf: parse(readFileSync(join(DIR, f), 'utf8')) as Workflow,
});
const steps = (wf: Workflow) => Object.values(wf.jobs).flatMap((j) => j.steps ?? []);
const triggers = (wf: Workflow) => Object.keys(wf.on);
const writes = (p: Job['permissions']) =>
  typeof p === 'string'
    ? p.includes('write')
      ? [p]
      : []
    : Object.entries(p ?? {})
        .filter(([, v]) => v === 'write')
        .map(([k]) => k);

describe('GitHub workflows', () => {
  it('has ci, pr-comment, baseline-update and nightly', () => {
    expect(files.sort()).toEqual(
      expect.arrayContaining(['baseline-update.yml', 'ci.yml', 'comment.yml', 'nightly.yml']),
    );
  });

  describe.each(files)('%s', (file) => {
    const { text, wf } = load(file);

    it('pins every action to a full commit SHA with the version in a comment', () => {
      for (const line of text.split('\n')) {
        const m = /^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/.exec(line);
        if (!m || m[1]!.startsWith('./')) continue;
        expect(m[1]).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
        expect(m[2]).toMatch(/^\s+# v\d+(\.\d+)*$/);
      }
    });

    it('has minimal top-level permissions, a concurrency group, timeouts', () => {
      expect(wf.permissions).toEqual({ contents: 'read' });
      expect(wf.concurrency?.group).toBeTruthy();
      for (const [id, job] of Object.entries(wf.jobs)) {
        expect(job['timeout-minutes'], `${file}: jobs.${id}.timeout-minutes`).toBeGreaterThan(0);
        expect(job['runs-on']).toMatch(/ubuntu/);
      }
    });

    it('never expands expressions inside shell scripts (script injection)', () => {
      for (const s of steps(wf)) if (s.run) expect(s.run, `${file}: ${s.name ?? s.run}`).not.toMatch(/\$\{\{/);
    });

    it('checks out without persisting credentials', () => {
      for (const s of steps(wf).filter((s) => s.uses?.startsWith('actions/checkout@')))
        expect(s.with?.['persist-credentials']).toBe(false);
    });

    it('does not run untrusted pull-request code with secrets or write access', () => {
      expect(triggers(wf)).not.toContain('pull_request_target');
      if (!triggers(wf).includes('pull_request')) return;
      expect(text).not.toMatch(/secrets\./);
      for (const job of Object.values(wf.jobs)) expect(writes(job.permissions)).toEqual([]);
    });
  });

  it('ci: tests on Node 20, 22, 24; sharded gauntlet run; shard reports merged; report uploaded for the comment workflow', () => {
    const { wf } = load('ci.yml');
    expect(triggers(wf).sort()).toEqual(['pull_request', 'push']);
    expect((wf.on.push as { branches: string[] }).branches).toEqual(['main']);
    expect(wf.concurrency?.['cancel-in-progress']).toBeTruthy();
    expect(wf.jobs.test!.strategy!.matrix!.node).toEqual([20, 22, 24]);
    expect(steps({ ...wf, jobs: { t: wf.jobs.test! } }).some((s) => s.run === 'npm test')).toBe(true);
    const shards = wf.jobs.gauntlet!.strategy!.matrix!.shard as number[];
    expect(shards).toEqual(Array.from({ length: Number(wf.env!.GAUNTLET_SHARDS) }, (_, i) => i + 1));
    // The repository's own action (action.yml) runs each shard, the merge and the upload.
    const shardStep = wf.jobs.gauntlet!.steps!.find((s) => s.uses === './')!;
    expect(shardStep.with).toMatchObject({
      shard: '${{ matrix.shard }}/${{ env.GAUNTLET_SHARDS }}',
      'comment-artifact': 'false',
    });
    const report = wf.jobs.report!;
    expect(report.needs).toBe('gauntlet');
    expect(report.if).toMatch(/always\(\)/);
    expect(report.steps!.find((s) => s.uses === './')!.with).toMatchObject({
      command: 'merge',
      'report-dir': 'shards',
      reporters: expect.stringMatching(/github/),
    });
    expect(report.steps!.find((s) => s.uses?.startsWith('actions/download-artifact@'))!.with!.pattern).toBe(
      'gauntlet-shard-*',
    );
    // Trends on the PR comment: main's history branch, checked out read-only (it may not exist yet) and
    // imported by the merge; no job of this workflow writes history.
    const historyCheckout = report.steps!.find(
      (s) => s.uses?.startsWith('actions/checkout@') && s.with?.ref === 'gauntlet-history',
    ) as Step & { 'continue-on-error'?: boolean };
    expect(historyCheckout).toBeDefined();
    expect(historyCheckout['continue-on-error']).toBe(true);
    expect(historyCheckout.with).toMatchObject({ path: 'history-branch', 'persist-credentials': false });
    const reportSteps = report.steps!;
    expect(reportSteps.indexOf(historyCheckout)).toBeLessThan(reportSteps.findIndex((s) => s.uses === './'));
    expect(reportSteps.find((s) => s.uses === './')!.with).toMatchObject({ 'history-dir': 'history-branch' });
    expect(load('ci.yml').text).not.toMatch(/history record|--history|--jsonl-dir/);
  });

  it('pr-comment: runs on completed ci runs, trusted code only, the one job that may write a comment', () => {
    const { wf, text } = load('comment.yml');
    const ci = load('ci.yml').wf;
    expect(wf.on).toEqual({ workflow_run: { workflows: [ci.name], types: ['completed'] } });
    const job = wf.jobs.comment!;
    expect(job.if).toMatch(/github.event.workflow_run.event == 'pull_request'/);
    expect(job.permissions).toEqual({ contents: 'read', actions: 'read', 'pull-requests': 'write' });
    // Never the pull request's code: no ref/repository override on checkout.
    const checkout = job.steps!.find((s) => s.uses?.startsWith('actions/checkout@'))!;
    expect(Object.keys(checkout.with ?? {})).toEqual(['persist-credentials']);
    const download = job.steps!.find((s) => s.uses?.startsWith('actions/download-artifact@'))!;
    expect(download.with).toMatchObject({ name: 'gauntlet-report', 'run-id': '${{ github.event.workflow_run.id }}' });
    const post = job.steps!.find((s) => s.uses === './')!;
    expect(post).toMatchObject({
      if: "steps.download.outcome == 'success'",
      with: { command: 'comment', 'report-dir': 'pr-report' },
    });
    expect(text).not.toMatch(/head_branch\s*}}.*\n.*run:/);
  });

  it('baseline-update: manual (and scheduled) on main only, runs the update script, opens a pull request', () => {
    const { wf } = load('baseline-update.yml');
    expect(triggers(wf).sort()).toEqual(['schedule', 'workflow_dispatch']);
    const job = wf.jobs.update!;
    expect(job.if).toBe("github.ref == 'refs/heads/main'");
    expect(job.permissions).toEqual({ contents: 'write', 'pull-requests': 'write' });
    expect(job.steps!.some((s) => /^npx gauntlet baseline update --yes --allow-ci /.test(s.run ?? ''))).toBe(true);
    // The pull request must trigger CI: pushed and opened with a token other than GITHUB_TOKEN when one is configured.
    const pr = job.steps!.find((s) => /gh pr create --base main/.test(s.run ?? ''))!;
    expect(pr.env).toMatchObject({ GH_TOKEN: '${{ secrets.BASELINE_UPDATE_TOKEN || secrets.GITHUB_TOKEN }}' });
    expect(pr.run).toMatch(/git push "https:\/\/x-access-token:\$\{GH_TOKEN\}@github.com/);
    expect(pr.run).toMatch(/HAS_CI_TOKEN" != true[\s\S]*::warning::/);
  });

  it('nightly: the drift, stress and bench suites on a schedule', () => {
    const { wf } = load('nightly.yml');
    expect(triggers(wf)).toContain('schedule');
    expect(wf.jobs.suites!.strategy!.matrix!.kind).toEqual(['drift', 'stress', 'bench']);
  });
});
