import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../harness/cli/main.ts';
import type { RunReport } from '../harness/core/report.ts';
import { fixtureRunReport, passingRunReport } from '../harness/report/__fixtures__/run-reports.ts';

const API = 'https://api.github.test';
const TOKEN = 'ghs_FAKEtoken0123456789abcdefghijklmnop';

interface FakeComment {
  id: number;
  body: string;
  user: { login: string; type: string };
  issue: number;
}

/** A fake of the few GitHub REST endpoints the comment uses, with comments kept in memory. */
let comments: FakeComment[] = [];
let nextId = 100;
let forbidden = new Set<number>();
const authHeaders: string[] = [];
const heads: Record<number, string> = { 7: 'a'.repeat(40) };

const server = setupServer(
  http.get(`${API}/repos/octo/shop/issues/:n/comments`, ({ params, request }) => {
    authHeaders.push(request.headers.get('authorization') ?? '');
    const n = Number(params.n);
    return HttpResponse.json(
      comments
        .filter((c) => c.issue === n)
        .map((c) => ({ ...c, html_url: `https://github.test/octo/shop/pull/${n}#issuecomment-${c.id}` })),
    );
  }),
  http.post(`${API}/repos/octo/shop/issues/:n/comments`, async ({ params, request }) => {
    const n = Number(params.n);
    if (forbidden.has(n))
      return HttpResponse.json({ message: 'Resource not accessible by integration' }, { status: 403 });
    const { body } = (await request.json()) as { body: string };
    const c: FakeComment = { id: nextId++, body, user: { login: 'github-actions[bot]', type: 'Bot' }, issue: n };
    comments.push(c);
    return HttpResponse.json(
      { ...c, html_url: `https://github.test/octo/shop/pull/${n}#issuecomment-${c.id}` },
      { status: 201 },
    );
  }),
  http.patch(`${API}/repos/octo/shop/issues/comments/:id`, async ({ params, request }) => {
    const c = comments.find((x) => x.id === Number(params.id));
    if (!c) return HttpResponse.json({ message: 'Not Found' }, { status: 404 });
    c.body = ((await request.json()) as { body: string }).body;
    return HttpResponse.json({ ...c, html_url: `https://github.test/octo/shop/pull/${c.issue}#issuecomment-${c.id}` });
  }),
  http.get(`${API}/repos/octo/shop/pulls/:n`, ({ params }) =>
    HttpResponse.json({ number: Number(params.n), head: { sha: heads[Number(params.n)] } }),
  ),
);

let dir: string;
beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' });
  dir = await mkdtemp(join(tmpdir(), 'gauntlet-comment-'));
});
afterAll(() => server.close());
beforeEach(() => {
  comments = [];
  forbidden = new Set();
});

async function comment(report: RunReport, args: string[], env: NodeJS.ProcessEnv = {}) {
  const file = join(dir, `report-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(file, JSON.stringify(report));
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (d: Buffer) => (stdout += d.toString()));
  err.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await main(['report', 'comment', file, '--repo', 'octo/shop', ...args], {
    out,
    err,
    cwd: dir,
    env: { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: API, ...env },
  });
  return { code, stdout, stderr };
}

describe('sticky pull-request comment against a fake GitHub API', () => {
  it('first push creates, second push updates, a look-alike comment by someone else is left alone', async () => {
    const lookAlike = `<!-- gauntlet-sticky-comment:default -->\n## gauntlet ✅ pass: I copied the bot's comment`;
    comments.push({ id: 1, body: lookAlike, user: { login: 'alice', type: 'User' }, issue: 7 });

    const first = await comment(fixtureRunReport(), ['--pr', '7']);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/PR comment created: https:\/\/github.test\/octo\/shop\/pull\/7#issuecomment-\d+/);
    expect(comments).toHaveLength(2);
    const ours = comments.find((c) => c.user.login === 'github-actions[bot]')!;
    expect(ours.body).toMatch(
      /^<!-- gauntlet-sticky-comment:default -->\n## gauntlet ❌ fail: 1 regression, 2 improvements/,
    );

    const second = await comment(passingRunReport(), ['--pr', '7']);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('PR comment updated');
    expect(comments).toHaveLength(2);
    expect(comments.find((c) => c.id === ours.id)!.body).toMatch(
      /^<!-- gauntlet-sticky-comment:default -->\n## gauntlet ✅ pass/,
    );
    expect(comments.find((c) => c.id === 1)!.body).toBe(lookAlike);

    const third = await comment(passingRunReport(), ['--pr', '7']);
    expect(third.stdout).toContain('PR comment unchanged');
    expect(authHeaders.every((h) => h === `token ${TOKEN}`)).toBe(true);
  });

  it('a 403 is reported clearly, does not fail, and never prints the token', async () => {
    forbidden.add(8);
    const r = await comment(fixtureRunReport(), ['--pr', '8'], { GITHUB_ACTIONS: 'true' });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /cannot comment on octo\/shop#8: HTTP 403: Resource not accessible by integration.*pull-requests: write/,
    );
    expect(r.stdout).toMatch(/^::warning title=gauntlet PR comment::cannot comment/m);
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
    expect(comments).toHaveLength(0);
  });

  it('skips a report about a commit the pull request no longer holds', async () => {
    const r = await comment(fixtureRunReport(), ['--pr', '7', '--head-sha', 'b'.repeat(40)]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('not commenting');
    expect(comments).toHaveLength(0);
    const ok = await comment(fixtureRunReport(), ['--pr', '7', '--head-sha', 'a'.repeat(40)]);
    expect(ok.stdout).toContain('PR comment created');
  });

  it('prints the comment in a dry run without calling GitHub', async () => {
    const r = await comment(fixtureRunReport(), ['--pr', '7', '--dry-run']);
    expect(r.stdout.split('\n')[0]).toBe('<!-- gauntlet-sticky-comment:default -->');
    expect(comments).toHaveLength(0);
  });

  it('takes the pull request number from the pull_request event when --pr is not given', async () => {
    const event = join(dir, 'event.json');
    await writeFile(event, JSON.stringify({ pull_request: { number: 7 } }));
    const r = await comment(fixtureRunReport(), [], { GITHUB_EVENT_PATH: event });
    expect(r.stdout).toMatch(/PR comment created: .*\/pull\/7#/);
  });

  it('a bad --pr is a usage error (exit 2)', async () => {
    const r = await comment(fixtureRunReport(), ['--pr', '7; rm -rf /']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--pr must be a pull request number');
  });
});
