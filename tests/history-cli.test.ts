/**
 * Run history through the CLI on real SQLite files: `gauntlet run` appends (locally by default,
 * in CI only with --history), the history step flags a planted slow creep in the report,
 * `history`, `history record --jsonl-dir`, `history import`, `dashboard`, and bad input (exit 2).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers-cli.ts';

const harness = pathToFileURL(resolve('harness/index.ts')).href;
// By absolute URL: the project lives in a temporary directory with no node_modules of its own.
const zodUrl = pathToFileURL(realpathSync(resolve('node_modules/zod/index.js'))).href;

/** A project whose one suite reports `select 10,000 / median_ms` read from value.txt at run time. */
function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'gauntlet-history-'));
  writeFileSync(
    join(root, 'gauntlet.config.ts'),
    `import { readFileSync } from 'node:fs';
import { z } from '${zodUrl}';
import { defineSuiteKind } from '${harness}';
const timing = defineSuiteKind({
  kind: 'timing', description: 'reports a number',
  entrySchema: z.strictObject({ kind: z.literal('timing'), name: z.string() }),
  async run(entry, ctx) {
    const v = Number(readFileSync(ctx.rootDir + '/value.txt', 'utf8'));
    return { kind: 'timing', name: entry.name, verdict: 'pass', durationMs: 1, summary: 'ok', checks: [{ name: 'select 10,000', verdict: 'pass', reasons: [], metrics: { median_ms: v, limit: 150 } }] };
  },
});
export default { reporters: ['json'], kinds: [timing], suites: [{ kind: 'timing', name: 'planner' }], history: { changePoints: { minSize: 4 } } };
`,
  );
  return root;
}

const env = { CI: 'false', GITHUB_REF_NAME: 'main' };
let s = 11;
const noisy = (level: number) => level * (1 + ((s = (s * 16807) % 2147483647) / 2147483647 - 0.5) * 0.02);

/** One line of a history month file, as `history record --jsonl-dir` writes it: runs of branch main on machine 'ci'. */
const historyLine = (i: number, runs: number, value: number, extra: { commit?: string; limit?: number } = {}) =>
  JSON.stringify({
    schemaVersion: 1,
    runId: `run-${i}`,
    date: new Date(Date.now() - (runs - i) * 3_600_000).toISOString(),
    ...(extra.commit ? { commit: extra.commit } : {}),
    branch: 'main',
    machine: { fingerprint: 'ci', cpu: 'x', cores: 2, platform: 'linux', arch: 'x64', node: 'v20' },
    verdict: 'pass',
    metrics: [
      { kind: 'timing', suite: 'planner', check: 'select 10,000', metric: 'median_ms', value },
      ...(extra.limit === undefined
        ? []
        : [{ kind: 'timing', suite: 'planner', check: 'select 10,000', metric: 'limit', value: extra.limit }]),
    ],
  });

/** Write `lines` as this month's file in root/dir (the history branch's layout). */
function monthFile(root: string, dir: string, lines: string[]): void {
  mkdirSync(join(root, dir), { recursive: true });
  writeFileSync(join(root, dir, `${new Date().toISOString().slice(0, 7)}.jsonl`), `${lines.join('\n')}\n`);
}

describe('history through the CLI', () => {
  // One project whose history is 30 runs of which the last 8 are about 10% slower: the first 26 runs
  // imported (each `gauntlet run` starts a process, ~2 s), the last 4 appended by real local runs.
  const LOCAL_RUNS = 4;
  let root: string;
  let lastRun: Awaited<ReturnType<typeof runCli>>;
  beforeAll(async () => {
    root = project();
    const imported = 30 - LOCAL_RUNS;
    monthFile(
      root,
      'seed',
      Array.from({ length: imported }, (_, i) => historyLine(i, imported, noisy(i < 22 ? 100 : 110), { limit: 150 })),
    );
    expect((await runCli(['history', 'import', 'seed'], root, env)).out).toContain(
      `imported ${imported} new run(s) of ${imported}`,
    );
    for (let i = 0; i < LOCAL_RUNS; i++) {
      writeFileSync(join(root, 'value.txt'), String(noisy(110)));
      lastRun = await runCli(['run'], root, env);
      expect(lastRun.code).toBe(0);
    }
  }, 120_000);

  it('appends each local run, flags a planted 10% slowdown in the report, and shows it in `gauntlet history`', async () => {
    expect(lastRun.err).toBe('');
    const report = JSON.parse(readFileSync(join(root, 'reports/gauntlet.json'), 'utf8'));
    expect(report.trends).toHaveLength(1);
    expect(report.trends[0]).toMatchObject({ check: 'select 10,000', metric: 'median_ms', runsSince: 8 });
    expect(report.trends[0].message).toMatch(
      /^select 10,000 median_ms got (9|9\.\d|10|10\.\d|11)% slower across the last 8 runs$/,
    );

    const q = await runCli(['history', '--metric', 'median', '--json'], root, env);
    expect(q.code).toBe(0);
    const out = JSON.parse(q.out);
    expect(out.runs).toBe(30); // 26 imported + each of the 4 local runs appended
    expect(out.series).toHaveLength(1);
    expect(out.series[0].points).toHaveLength(30);
    expect(out.series[0].trend.runsSince).toBe(8);
    const text = await runCli(['history'], root, env);
    expect(text.out).toContain('timing:planner / select 10,000 / median_ms');
    expect(text.out).toContain('⚠ select 10,000 median_ms got');
  });

  it('dashboard writes a self-contained page and a Grafana JSON valid against the committed schema', async () => {
    const r = await runCli(['dashboard', '--out', 'dash'], root, env);
    expect(r.code).toBe(0);
    const html = readFileSync(join(root, 'dash/index.html'), 'utf8');
    expect(html).toContain('timing:planner / select 10,000 / median_ms');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/); // nothing loaded from elsewhere
    const model = JSON.parse(/<script type="application\/json" id="model">(.*?)<\/script>/s.exec(html)![1]!);
    expect(model.panels).toHaveLength(1); // `limit` is a threshold line, not a panel
    expect(model.panels[0].thresholds).toEqual([{ value: 150, label: 'limit' }]);
    expect(model.panels[0].changePoints).toHaveLength(1);
    const grafana = JSON.parse(readFileSync(join(root, 'dash/index.grafana.json'), 'utf8'));
    const schema = JSON.parse(readFileSync(resolve('harness/dashboard/grafana-dashboard.schema.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect(validate(grafana), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...grafana, panels: [{ ...grafana.panels[0], gridPos: { h: 8, w: 30, x: 0, y: 0 } }] })).toBe(
      false,
    );
    expect(grafana.panels[0].fieldConfig.defaults.thresholds.steps[1]).toEqual({ color: 'red', value: 150 });
  });

  it('writes nothing in CI unless --history asks; --no-history skips locally', async () => {
    const root = project();
    writeFileSync(join(root, 'value.txt'), '100');
    const db = join(root, '.gauntlet/history.sqlite');
    await runCli(['run'], root, { ...env, CI: 'true' });
    expect(existsSync(db)).toBe(false);
    await runCli(['run', '--no-history'], root, env);
    expect(existsSync(db)).toBe(false);
    await runCli(['run', '--history'], root, { ...env, CI: 'true' });
    expect(JSON.parse((await runCli(['history', '--json'], root, env)).out).runs).toBe(1);
  });

  it('record appends a report to SQLite and the monthly JSONL; import loads the JSONL into another database', async () => {
    const root = project();
    writeFileSync(join(root, 'value.txt'), '100');
    await runCli(['run', '--no-history'], root, env);
    const rec = await runCli(
      ['history', 'record', 'reports/gauntlet.json', '--jsonl-dir', 'history-branch'],
      root,
      env,
    );
    expect(rec.code).toBe(0);
    const again = await runCli(
      ['history', 'record', 'reports/gauntlet.json', '--jsonl-dir', 'history-branch'],
      root,
      env,
    );
    expect(again.out).toContain('already in history-branch');
    const imp = await runCli(['history', 'import', 'history-branch', '--file', 'other.sqlite'], root, env);
    expect(imp.out).toContain('imported 1 new run(s) of 1');
    expect(
      JSON.parse((await runCli(['history', '--json', '--metric', 'median', '--file', 'other.sqlite'], root, env)).out)
        .series[0].points[0].value,
    ).toBe(100);
  });

  it('report merge shows trends from an imported history branch, read only (the CI merge job for the PR comment)', async () => {
    const root = project();
    writeFileSync(join(root, 'value.txt'), '110');
    const ci = { ...env, CI: 'true', GITHUB_REF_NAME: 'feature' };
    expect((await runCli(['run', '--shard', '1/1', '--reports', 'shards/s1'], root, ci)).code).toBe(0);
    // main's history as the history branch holds it: a month file of 30 runs, the last 8 about 10% slower.
    monthFile(
      root,
      'history-branch',
      Array.from({ length: 30 }, (_, i) => historyLine(i, 30, noisy(i < 22 ? 100 : 110), { commit: `c${i}` })),
    );
    expect((await runCli(['history', 'import', 'history-branch'], root, ci)).code).toBe(0);
    const merged = await runCli(['report', 'merge', 'shards', '--reporter', 'json'], root, ci);
    expect(merged.code).toBe(0);
    const report = JSON.parse(readFileSync(join(root, 'reports/gauntlet.json'), 'utf8'));
    expect(report.trends?.[0]).toMatchObject({ check: 'select 10,000', metric: 'median_ms', runsSince: 8 });
    expect(JSON.parse((await runCli(['history', '--json'], root, env)).out).runs).toBe(30); // the merge wrote nothing
  });

  it('bad input is exit 2 naming what was wrong', async () => {
    const root = project();
    const since = await runCli(['history', '--since', 'yesterday'], root, env);
    expect(since.code).toBe(2);
    expect(since.err).toContain(
      "--since must be a duration back from now (7d, 12h) or an ISO date (2026-11-01), got 'yesterday'",
    );
    writeFileSync(join(root, 'broken'), 'x');
    mkdtempSync(join(root, 'h-'));
    writeFileSync(join(root, '2026-01.jsonl'), '{"schemaVersion":1}\n');
    const imp = await runCli(['history', 'import', '.'], root, env);
    expect(imp.code).toBe(2);
    expect(imp.err).toMatch(/2026-01\.jsonl:1: .*invalid history record/);
  });
});
