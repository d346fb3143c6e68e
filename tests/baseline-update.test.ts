import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, symlink, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { diffBaseline, renderChangesText } from '../harness/baselines/baseline-diff.ts';

const CLI = resolve('bin/gauntlet.js');
const harness = (p: string) => pathToFileURL(resolve('harness', p)).href;

/** A project whose toy kind "measures" the numbers in measure.json and saves them as its baseline. */
const CONFIG = `
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { defineConfig, defineSuiteKind } from '${harness('index.ts')}';
import { currentProvenance, writeBaseline } from '${harness('baselines/baseline-file.ts')}';

const toybench = defineSuiteKind({
  kind: 'toybench',
  description: 'toy bench',
  entrySchema: z.strictObject({ kind: z.literal('toybench'), name: z.string() }),
  flagsSchema: z.object({ save: z.boolean().optional() }),
  async run(entry, ctx) {
    const measured = JSON.parse(readFileSync(join(ctx.rootDir, 'measure.json'), 'utf8'));
    if (ctx.flags.save) await writeBaseline(join(ctx.rootDir, 'baselines', entry.name + '.json'), { provenance: currentProvenance(ctx.rootDir), measured }, { ci: ctx.ci });
    return { kind: 'toybench', name: entry.name, verdict: 'pass', durationMs: 1, summary: 'ok', checks: [] };
  },
});

export default defineConfig({ kinds: [toybench], suites: [{ kind: 'toybench', name: 'toy' }, { kind: 'toybench', name: 'other' }] });
`;

let root: string;
const sh = (args: string[]) => execFileSync('git', args, { cwd: root, stdio: 'pipe' }).toString().trim();
function update(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [CLI, 'baseline', 'update', ...args], {
    cwd: root,
    env: { ...process.env, CI: '', ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const stored = async (name: string) => JSON.parse(await readFile(join(root, 'baselines', `${name}.json`), 'utf8'));

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'gauntlet-bu-'));
  await writeFile(join(root, 'gauntlet.config.ts'), CONFIG);
  await writeFile(join(root, 'package.json'), JSON.stringify({ name: 'toy-project', type: 'module', private: true }));
  await writeFile(join(root, '.gitignore'), 'node_modules\n.gauntlet-tmp/\nreports/\n');
  await writeFile(join(root, 'measure.json'), JSON.stringify({ median_ms: 2, p95_ms: 4 }));
  await mkdir(join(root, 'baselines'));
  await writeFile(
    join(root, 'baselines', 'toy.json'),
    JSON.stringify(
      {
        provenance: { date: 'old', node: 'v20', cpu: 'x', platform: 'linux-x64' },
        measured: { median_ms: 1, p95_ms: 4 },
      },
      null,
      2,
    ) + '\n',
  );
  await symlink(resolve('node_modules'), join(root, 'node_modules'), 'dir');
  sh(['init', '-q', '-b', 'main']);
  sh(['-c', 'user.email=t@t', '-c', 'user.name=t', 'add', '.']);
  sh(['-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-q', '-m', 'init']);
});

describe('gauntlet baseline update', () => {
  it('shows old → new with the change in % and writes nothing without confirmation', async () => {
    const before = await readFile(join(root, 'baselines', 'toy.json'), 'utf8');
    const r = update(['toy']);
    expect(r.err).toBe('');
    expect(r.out).toContain('baselines/toy.json (changed, 1 figure(s) differ)');
    expect(r.out).toContain('  measured.median_ms: 1 → 2 (+100.0%)');
    expect(r.out).toContain('Nothing written: not a terminal; re-run with --yes to write.');
    expect(r.code).toBe(1);
    expect(await readFile(join(root, 'baselines', 'toy.json'), 'utf8')).toBe(before);
  }, 60_000);

  it('refuses on a dirty tree unless --force, and in CI unless --allow-ci', async () => {
    await writeFile(join(root, 'measure.json'), JSON.stringify({ median_ms: 3, p95_ms: 4 }));
    const dirty = update(['toy', '--yes']);
    expect(dirty.code).toBe(2);
    expect(dirty.err).toMatch(/working tree is not clean[\s\S]*measure.json/);
    sh(['checkout', '--', 'measure.json']);
    const ci = update(['toy', '--yes'], { CI: 'true', GITHUB_TOKEN: 'ghs_secretsecretsecretsecret01' });
    expect(ci.code).toBe(2);
    expect(ci.err).toContain('refusing to update baselines in CI');
  }, 60_000);

  it('with --yes writes the new baselines with provenance and a Markdown summary', async () => {
    const r = update(['toy', 'other', '--yes', '--summary', 'reports/bu.md']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Wrote 2 baseline file\(s\) \(commit [0-9a-f]{40}/);
    const toy = await stored('toy');
    expect(toy.measured).toEqual({ median_ms: 2, p95_ms: 4 });
    expect(toy.provenance).toMatchObject({ gitCommit: sh(['rev-parse', 'HEAD']), node: process.version });
    expect(Date.now() - Date.parse(toy.provenance.date)).toBeLessThan(120_000);
    expect((await stored('other')).measured).toEqual({ median_ms: 2, p95_ms: 4 });
    const md = await readFile(join(root, 'reports', 'bu.md'), 'utf8');
    expect(md).toContain('| measured.median\\_ms | 1 | 2 | +100.0% |');
    expect(md).toContain('### baselines/other.json (new)');
    expect(
      sh(['status', '--porcelain'])
        .split('\n')
        .map((l) => l.trim())
        .sort(),
    ).toEqual(['?? baselines/other.json', 'M baselines/toy.json']);
  }, 60_000);

  it('measures a project whose .gitignore does not name node_modules (not copied, not "dirty": linked)', async () => {
    await writeFile(join(root, '.gitignore'), '.gauntlet-tmp/\nreports/\n');
    await writeFile(join(root, 'measure.json'), JSON.stringify({ median_ms: 5, p95_ms: 4 }));
    sh(['add', '-A', '--', '.', ':!node_modules']);
    sh(['-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-q', '-m', 'node_modules not ignored']);
    expect(sh(['status', '--porcelain'])).toBe('?? node_modules');
    const r = update(['toy']);
    expect(r.err).toBe('');
    expect(r.out).toContain('  measured.median_ms: 2 → 5 (+150.0%)');
    expect(r.code).toBe(1);
  }, 60_000);
});

describe('baseline diff', () => {
  it('ignores provenance, ranks by change, handles new and removed fields', () => {
    const c = diffBaseline(
      'b.json',
      { provenance: { x: 1 }, a: 10, b: [1, 2], gone: 5 },
      { provenance: { x: 2 }, a: 11, b: [1, 4], added: 7 },
    );
    expect(c.status).toBe('changed');
    expect(c.fields.map((f) => f.path).sort()).toEqual(['a', 'added', 'b[1]', 'gone']);
    // Added and removed fields first (no % to rank by), then the largest relative change.
    expect(renderChangesText([c]).split('\n').slice(1, 5)).toEqual([
      '  gone: 5 → —',
      '  added: — → 7',
      '  b[1]: 2 → 4 (+100.0%)',
      '  a: 10 → 11 (+10.0%)',
    ]);
    expect(diffBaseline('b.json', { provenance: { x: 1 }, a: 1 }, { provenance: { x: 2 }, a: 1 }).status).toBe(
      'unchanged',
    );
  });

  it('summarises a bench baseline to one line per benchmark and a stress baseline per scenario metric', () => {
    const reps = (mean: number) =>
      Array.from({ length: 6 }, (_, i) => ({
        n: 80 + i,
        mean: mean * (1 + (i - 2.5) / 100),
        q: [1, 2, 3],
        cal: 0.4,
        calN: 300,
      }));
    const old = {
      schemaVersion: 2,
      provenance: {},
      benchmarks: { 'select > 100': { reps: reps(2) }, 'select > 1k': { reps: reps(20) } },
    };
    const next = {
      schemaVersion: 2,
      provenance: {},
      benchmarks: {
        'select > 100': { reps: reps(2.2).map((r) => ({ ...r, n: r.n + 7 })) },
        'select > 1k': { reps: reps(20) },
      },
    };
    const c = diffBaseline('baselines/bench.json', old, next);
    expect(c.fields).toEqual([
      { path: 'select > 100 (median of repetition means)', old: 2, new: 2.2, pct: expect.closeTo(10, 6) },
    ]);
    expect(renderChangesText([c])).toBe(
      'baselines/bench.json (changed, 1 figure(s) differ)\n  select > 100 (median of repetition means): 2 → 2.2 (+10.0%)\n',
    );
    const stress = (p95: number) => ({
      version: 1,
      scenarios: {
        steady: { calls: 1000, e2eSample: [1, 2, 3], metrics: { e2e_p95_ms: p95 }, failures: { timeout: 2 } },
      },
    });
    expect(diffBaseline('s.json', stress(100), stress(120)).fields).toEqual([
      { path: 'steady e2e_p95_ms', old: 100, new: 120, pct: 20 },
    ]);
  });
});
