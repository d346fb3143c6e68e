import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { FAILING_CASE, goldenProject, PASSING_CASE } from './helpers-golden-project.ts';

const exec = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..');

interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
  'working-directory'?: string;
}
interface Action {
  name: string;
  description: string;
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as Action;

/**
 * Evaluates the subset of the GitHub expression language action.yml uses (paths, '' literals,
 * ==, !=, &&, ||, parentheses). Anything else throws, which keeps the action's expressions simple.
 */
function evaluate(expr: string, ctx: Record<string, unknown>): string {
  const tokens = expr.match(/'[^']*'|&&|\|\||==|!=|[()]|[\w.-]+/g) ?? [];
  let i = 0;
  const truthy = (v: string) => v !== '' && v !== 'false';
  const primary = (): string => {
    const t = tokens[i++];
    if (t === undefined) throw new Error(`unexpected end of ${expr}`);
    if (t === '(') {
      const v = or();
      if (tokens[i++] !== ')') throw new Error(`missing ) in ${expr}`);
      return v;
    }
    if (t.startsWith("'")) return t.slice(1, -1);
    if (t === 'true' || t === 'false') return t;
    if (!/^[a-z]/.test(t)) throw new Error(`unsupported token ${t} in ${expr}`);
    let v: unknown = ctx;
    for (const part of t.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
    return v === undefined || v === null ? '' : String(v);
  };
  const cmp = (): string => {
    let v = primary();
    while (tokens[i] === '==' || tokens[i] === '!=') {
      const op = tokens[i++];
      const w = primary();
      v = String(op === '==' ? v === w : v !== w);
    }
    return v;
  };
  const and = (): string => {
    let v = cmp();
    while (tokens[i] === '&&') {
      i++;
      const w = cmp();
      v = truthy(v) ? w : v;
    }
    return v;
  };
  const or = (): string => {
    let v = and();
    while (tokens[i] === '||') {
      i++;
      const w = and();
      v = truthy(v) ? v : w;
    }
    return v;
  };
  const v = or();
  if (i !== tokens.length) throw new Error(`unparsed rest in ${expr}`);
  return v;
}
const interpolate = (s: string, ctx: Record<string, unknown>) =>
  s.replace(/\$\{\{\s*([\s\S]*?)\s*\}\}/g, (_, e: string) => evaluate(e, ctx));

/** Run the action's `run:` steps the way the runner would (inputs defaulted, env interpolated, `if:` honoured). */
async function runAction(cwd: string, given: Record<string, string>, github: Record<string, unknown> = {}) {
  const inputs = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, given[k] ?? v.default ?? '']));
  const summary = join(cwd, 'step-summary.md');
  const outputFile = join(cwd, `output-${Math.random().toString(36).slice(2)}.txt`);
  // The runner creates both files before the job starts.
  writeFileSync(summary, '');
  writeFileSync(outputFile, '');
  const steps: Record<string, { outputs: Record<string, string> }> = {};
  const ctx = { inputs, github: { token: 'fake-token', ...github }, steps };
  const log: string[] = [];
  let failed: { code: number } | undefined;
  for (const step of action.runs.steps) {
    const condition = step.if ? evaluate(step.if.replace(/^always\(\)\s*&&\s*/, ''), ctx) : 'true';
    const always = step.if?.startsWith('always()');
    if (condition !== 'true' || (failed && !always) || !step.run) continue;
    const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, interpolate(v, ctx)]));
    const base = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !k.startsWith('GITHUB_') && !k.toLowerCase().startsWith('npm_')),
    );
    const r = await exec('bash', ['-c', interpolate(step.run, ctx)], {
      cwd: resolve(cwd, interpolate(step['working-directory'] ?? '.', ctx)),
      env: {
        ...base,
        ...env,
        CI: 'true',
        GITHUB_ACTIONS: 'true',
        GITHUB_ACTION_PATH: ROOT,
        GITHUB_STEP_SUMMARY: summary,
        GITHUB_OUTPUT: outputFile,
      },
    }).then(
      (o) => ({ code: 0, stdout: o.stdout, stderr: o.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    log.push(r.stdout, r.stderr);
    const outputs = Object.fromEntries(
      readFileSync(outputFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    writeFileSync(outputFile, '');
    if (step.id) steps[step.id] = { outputs };
    if (r.code !== 0) failed = { code: r.code };
  }
  const outputs = Object.fromEntries(Object.entries(action.outputs).map(([k, v]) => [k, interpolate(v.value, ctx)]));
  return {
    code: failed?.code ?? 0,
    outputs,
    log: log.join(''),
    summary: existsSync(summary) ? readFileSync(summary, 'utf8') : '',
  };
}

describe('action.yml', () => {
  it('is a composite action whose steps use only its declared inputs and pinned actions', () => {
    expect(action.runs.using).toBe('composite');
    const text = readFileSync(join(ROOT, 'action.yml'), 'utf8');
    const used = new Set([...text.matchAll(/inputs\.([\w-]+)/g)].map((m) => m[1]));
    expect([...used].sort()).toEqual(Object.keys(action.inputs).sort());
    for (const step of action.runs.steps) {
      if (step.uses) expect(step.uses).toMatch(/^[\w-]+\/[\w-]+@[0-9a-f]{40}$/);
      else expect(step.shell).toBe('bash');
    }
    for (const want of ['suites', 'reporters', 'against', 'shard', 'comment-artifact'])
      expect(action.inputs[want]?.description).toBeTruthy();
    expect(action.runs.steps.map((s) => s.uses?.split('@')[0] ?? s.name)).toEqual([
      'actions/setup-node',
      'Install',
      'Prepare',
      'gauntlet',
      'actions/upload-artifact',
    ]);
  });

  it('the repository CI uses the action for its sharded run, the merge and the comment', () => {
    const ci = readFileSync(join(ROOT, '.github/workflows/ci.yml'), 'utf8');
    expect(ci.match(/uses: \.\/(\s|$)/g)?.length).toBeGreaterThanOrEqual(2);
    const comment = readFileSync(join(ROOT, '.github/workflows/comment.yml'), 'utf8');
    expect(comment).toMatch(/uses: \.\/\s/);
    expect(comment).toMatch(/command: comment/);
  });
});

describe('the action run locally', () => {
  let dir: string;
  beforeAll(() => {
    dir = goldenProject({ 'ok.yaml': PASSING_CASE, 'ok2.yaml': PASSING_CASE.replace('name: ok', 'name: ok2') });
    writeFileSync(join(dir, 'package.json'), '{"name":"proj","private":true,"type":"module"}');
    mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
    symlinkSync(ROOT, join(dir, 'node_modules', 'gauntlet'), 'dir');
    symlinkSync(join(ROOT, 'bin', 'gauntlet.js'), join(dir, 'node_modules', '.bin', 'gauntlet'));
  });

  it(
    'installs, prepares, runs, writes the summary, the outputs and the PR number for the comment',
    { timeout: 60_000 },
    async () => {
      const r = await runAction(
        dir,
        { install: 'echo installed > installed.txt', prepare: 'echo prepared > prepared.txt' },
        { event: { pull_request: { number: 42 } } },
      );
      expect(r.code, r.log).toBe(0);
      expect(readFileSync(join(dir, 'installed.txt'), 'utf8')).toBe('installed\n');
      expect(readFileSync(join(dir, 'prepared.txt'), 'utf8')).toBe('prepared\n');
      expect(r.outputs).toEqual({ verdict: 'pass', 'exit-code': '0', report: 'reports/gauntlet.json' });
      expect(r.summary).toContain('sel');
      expect(readFileSync(join(dir, 'reports', 'pr-number.txt'), 'utf8')).toBe('42\n');
      expect(existsSync(join(dir, 'reports', 'junit.xml'))).toBe(true);
    },
  );

  it(
    'fails the step on a regression with an annotation; shards merge through the action',
    { timeout: 90_000 },
    async () => {
      writeFileSync(join(dir, 'cases', 'wrong.yaml'), FAILING_CASE);
      const fail = await runAction(dir, { install: '', reporters: 'json,github' });
      expect(fail.code).toBe(1);
      expect(fail.outputs.verdict).toBe('fail');
      expect(fail.log).toMatch(
        /::error title=gauntlet golden\/sel%3A wrong,file=cases\/wrong.yaml::exact order differs/,
      );

      for (const i of [1, 2]) {
        // Each shard job starts from a fresh clone: no last-run report (all shards then plan by counts).
        rmSync(join(dir, 'reports'), { recursive: true, force: true });
        const s = await runAction(dir, {
          install: '',
          reporters: 'json',
          shard: `${i}/2`,
          'comment-artifact': 'false',
        });
        expect(s.log).toContain(`--shard ${i}/2`);
        await exec(
          'bash',
          ['-c', `mkdir -p shards/gauntlet-shard-${i} && cp reports/gauntlet.json shards/gauntlet-shard-${i}/`],
          { cwd: dir },
        );
      }
      const merged = await runAction(dir, { install: '', command: 'merge', reporters: 'json' });
      expect(merged.code).toBe(1);
      const report = JSON.parse(readFileSync(join(dir, 'reports', 'gauntlet.json'), 'utf8'));
      expect(report.merged.shards).toHaveLength(2);
      expect(
        report.suites[0].checks.map((c: { name: string; verdict: string }) => `${c.name}:${c.verdict}`).sort(),
      ).toEqual(['ok2:pass', 'ok:pass', 'wrong:fail']);
    },
  );

  it('passes the pull request base commit as --against by default, nothing on pushes', async () => {
    const script = join(ROOT, 'action', 'gauntlet-action.sh');
    const fake = join(dir, 'fake-bin');
    mkdirSync(fake, { recursive: true });
    writeFileSync(join(fake, 'npx'), '#!/bin/sh\necho "ARGS: $*"\n', { mode: 0o755 });
    const envFor = (extra: Record<string, string>) => ({
      PATH: `${fake}:${process.env.PATH}`,
      GAUNTLET_REPORTERS: 'json',
      ...extra,
    });
    const pr = await exec('bash', [script], {
      cwd: dir,
      env: envFor({ GAUNTLET_BASE_SHA: 'HEAD', GAUNTLET_SUITES: 'sel golden' }),
    });
    expect(pr.stdout).toContain(
      'ARGS: --no-install gauntlet run sel golden --reporter json --reports reports --against HEAD',
    );
    const push = await exec('bash', [script], { cwd: dir, env: envFor({}) });
    expect(push.stdout).toContain('ARGS: --no-install gauntlet run --reporter json --reports reports\n');
    const stored = await exec('bash', [script], {
      cwd: dir,
      env: envFor({ GAUNTLET_BASE_SHA: 'abc', GAUNTLET_AGAINST: 'stored' }),
    });
    expect(stored.stdout).not.toContain('--against');
  });

  it('imports a history-branch checkout (read only) before the run or merge, for the trends; not for the comment', async () => {
    const script = join(ROOT, 'action', 'gauntlet-action.sh');
    const fake = join(dir, 'fake-bin');
    mkdirSync(fake, { recursive: true });
    writeFileSync(join(fake, 'npx'), '#!/bin/sh\necho "ARGS: $*"\n', { mode: 0o755 });
    mkdirSync(join(dir, 'history-branch'), { recursive: true });
    const env = (extra: Record<string, string>) => ({ PATH: `${fake}:${process.env.PATH}`, ...extra });
    const merge = await exec('bash', [script], {
      cwd: dir,
      env: env({ GAUNTLET_COMMAND: 'merge', GAUNTLET_HISTORY_DIR: 'history-branch' }),
    });
    const calls = merge.stdout.split('\n').filter((l) => l.startsWith('ARGS: '));
    expect(calls).toEqual([
      'ARGS: --no-install gauntlet history import history-branch',
      expect.stringMatching(/^ARGS: --no-install gauntlet report merge shards /),
    ]);
    expect(merge.stdout).not.toMatch(/history record|--history/); // nothing is ever written to the history here
    const run = await exec('bash', [script], { cwd: dir, env: env({ GAUNTLET_HISTORY_DIR: 'history-branch' }) });
    expect(run.stdout).toContain('ARGS: --no-install gauntlet history import history-branch');
    const absent = await exec('bash', [script], { cwd: dir, env: env({ GAUNTLET_HISTORY_DIR: 'no-such-dir' }) });
    expect(absent.stdout).toContain('no history checkout at no-such-dir: no trends');
    expect(absent.stdout).not.toContain('history import');
    mkdirSync(join(dir, 'pr-report'), { recursive: true });
    const comment = await exec('bash', [script], {
      cwd: dir,
      env: env({ GAUNTLET_COMMAND: 'comment', GAUNTLET_HISTORY_DIR: 'history-branch' }),
    });
    expect(comment.stdout).not.toContain('history import');
  });
});
