import { realpathSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../harness/cli/main.ts';
import type { RunReport } from '../harness/core/report.ts';
import { FAILING_CASE, goldenProject, memoryIo, PASSING_CASE } from './helpers-golden-project.ts';

// The two modules the config needs, not the public index (which loads every kind's public API: ~0.7 s of
// CPU in each of the ten run processes below); tests/custom-kind.test.ts loads a kind through the index.
const defineConfigUrl = pathToFileURL(resolve('harness/config/define-config.ts')).href;
const defineSuiteKindUrl = pathToFileURL(resolve('harness/core/suite-kind.ts')).href;
// The config runs in the real run process, which resolves modules from the config's own directory.
const zodUrl = pathToFileURL(realpathSync(resolve('node_modules/zod/index.js'))).href;

/** A config with seven small suites of a toy kind; their verdicts cover pass, warn, fail and error. */
const CONFIG = `
import { z } from '${zodUrl}';
import { defineConfig } from '${defineConfigUrl}';
import { defineSuiteKind } from '${defineSuiteKindUrl}';

const toy = defineSuiteKind({
  kind: 'toy',
  description: 'test kind',
  entrySchema: z.strictObject({ kind: z.literal('toy'), name: z.string(), verdicts: z.array(z.enum(['pass', 'warn', 'fail', 'error'])) }),
  async run(entry, ctx) {
    if (entry.verdicts.includes('error') && entry.name === 'crashes') throw new Error('boom');
    const checks = entry.verdicts.map((v, i) => ({
      name: 'check ' + i,
      verdict: v,
      reasons: v === 'pass' ? [] : [v + ' because seed ' + ctx.seed],
      metrics: { value: i * ctx.seed },
      change: v === 'fail' ? 'regressed' : 'unchanged',
    }));
    const worst = ['error', 'fail', 'warn', 'pass'].find((v) => entry.verdicts.includes(v)) ?? 'pass';
    return { kind: 'toy', name: entry.name, verdict: worst, durationMs: 1, summary: checks.length + ' checks', checks };
  },
});

export default defineConfig({
  kinds: [toy],
  seed: 3,
  reporters: ['json'],
  suites: [
    { kind: 'toy', name: 'a', verdicts: ['pass', 'pass'] },
    { kind: 'toy', name: 'b', verdicts: ['pass', 'warn'] },
    { kind: 'toy', name: 'c', verdicts: ['fail', 'pass', 'pass'] },
    { kind: 'toy', name: 'd', verdicts: ['pass'] },
    { kind: 'toy', name: 'crashes', verdicts: ['error'] },
    { kind: 'toy', name: 'f', verdicts: ['warn', 'fail'] },
    { kind: 'toy', name: 'g', verdicts: [] },
  ],
});
`;

let dir: string;
async function cli(args: string[]) {
  const out = new PassThrough();
  const err = new PassThrough();
  let stderr = '';
  err.on('data', (d: Buffer) => (stderr += d.toString()));
  out.resume();
  const code = await main(args, { out, err, cwd: dir, env: {} });
  return { code, stderr };
}
const read = async (p: string) => JSON.parse(await readFile(join(dir, p), 'utf8')) as RunReport;
const comparable = (r: RunReport) => ({
  verdict: r.verdict,
  reasons: r.reasons,
  seed: r.seed,
  suites: r.suites.map((s) => ({ ...s, durationMs: 0, checks: s.checks.map((c) => ({ ...c, durationMs: 0 })) })),
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gauntlet-merge-'));
  await writeFile(join(dir, 'gauntlet.config.ts'), CONFIG);
});

describe('gauntlet report merge', () => {
  it('merges shards into the same verdict, reasons and checks as an unsharded run', async () => {
    const whole = await cli(['run', '--reports', 'whole']);
    expect(whole.stderr).toBe('');
    expect(whole.code).toBe(1);
    for (const [i, n] of [
      [1, 3],
      [2, 3],
      [3, 3],
    ]) {
      const shard = await cli(['run', '--shard', `${i}/${n}`, '--reports', `shards/s${i}`]);
      expect(shard.stderr).toBe('');
    }
    const merged = await cli([
      'report',
      'merge',
      'shards/s2',
      'shards/s3/gauntlet.json',
      'shards/s1',
      '--reports',
      'merged',
      '--reporter',
      'json,junit',
    ]);
    expect(merged.code).toBe(whole.code);
    const a = await read('whole/gauntlet.json');
    const b = await read('merged/gauntlet.json');
    expect(comparable(b)).toEqual(comparable(a));
    expect(b.suites.map((s) => s.name)).toEqual(['a', 'b', 'c', 'd', 'crashes', 'f', 'g']);
    expect(b.merged).toEqual({
      shards: [1, 2, 3].map((index) => ({ index, total: 3, durationMs: expect.any(Number) })),
      missing: [],
    });
    expect(await readFile(join(dir, 'merged/junit.xml'), 'utf8')).toMatch(
      /<testsuites name="gauntlet" tests="11" failures="2" errors="1"/,
    );
  });

  it('a missing shard makes the merged run an error; a duplicate is an input error', async () => {
    const missing = await cli(['report', 'merge', 'shards/s1', 'shards/s2', '--reports', 'partial']);
    expect(missing.code).toBe(1);
    const r = await read('partial/gauntlet.json');
    expect(r.verdict).toBe('error');
    expect(r.reasons.at(-1)).toBe('shard report(s) missing: 3/3; their suites did not report');
    expect(r.merged?.missing).toEqual([3]);

    const dup = await cli(['report', 'merge', 'shards/s1', 'shards/s1/gauntlet.json', '--reports', 'dup']);
    expect(dup.code).toBe(2);
    expect(dup.stderr).toMatch(/shards\/s1\/gauntlet.json: shard.index: shard 1\/3 given twice/);
  });

  it('an invalid report file names the file and the field', async () => {
    await writeFile(
      join(dir, 'bad.json'),
      JSON.stringify({ ...(await read('whole/gauntlet.json')), verdict: 'great' }, null, 2),
    );
    const r = await cli(['report', 'merge', 'bad.json', '--reports', 'bad']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad.json:\d+: verdict: /);
  });
});

describe('failOn: warn across shards', () => {
  it('a warning fails the unsharded run and the merged one alike; without failOn it does not', async () => {
    const config = (failOn: string) =>
      CONFIG.replace('seed: 3,', `seed: 3,\n  failOn: '${failOn}',`).replace(
        /suites: \[[\s\S]*\],\n\}\);/,
        "suites: [\n    { kind: 'toy', name: 'a', verdicts: ['pass'] },\n    { kind: 'toy', name: 'b', verdicts: ['warn'] },\n  ],\n});",
      );
    for (const [failOn, expected] of [
      ['warn', 1],
      ['fail', 0],
    ] as const) {
      await writeFile(join(dir, `failon-${failOn}.config.ts`), config(failOn));
      const c = `failon-${failOn}.config.ts`;
      const whole = await cli(['run', '--config', c, '--reports', `fo-${failOn}/whole`]);
      expect(whole.stderr).toBe('');
      expect(whole.code).toBe(expected);
      expect((await cli(['run', '--config', c, '--shard', '1/2', '--reports', `fo-${failOn}/s1`])).code).toBe(0);
      expect((await cli(['run', '--config', c, '--shard', '2/2', '--reports', `fo-${failOn}/s2`])).code).toBe(expected);
      const merged = await cli([
        'report',
        'merge',
        `fo-${failOn}/s1`,
        `fo-${failOn}/s2`,
        '--reports',
        `fo-${failOn}/merged`,
        '--reporter',
        'json',
      ]);
      expect(merged.code).toBe(expected);
      expect(comparable(await read(`fo-${failOn}/merged/gauntlet.json`))).toEqual(
        comparable(await read(`fo-${failOn}/whole/gauntlet.json`)),
      );
      expect((await read(`fo-${failOn}/merged/gauntlet.json`)).verdict).toBe(failOn === 'warn' ? 'fail' : 'warn');
    }
  });
});

describe('a golden suite split across 3 shards', () => {
  const untimed = (r: RunReport) => ({
    ...comparable(r),
    suites: comparable(r).suites.map((s) => ({
      ...s,
      shardPart: undefined,
      metrics: { ...s.metrics, load_ms: 0, run_ms: 0 },
      checks: s.checks.map((c) => ({ ...c, metrics: c.metrics && { ...c.metrics, latency_ms: 0 } })),
    })),
  });
  const cases: Record<string, string> = {};
  for (const n of ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'])
    cases[`${n}.yaml`] = PASSING_CASE.replace('name: ok', `name: ${n}`);
  cases['wrong.yaml'] = FAILING_CASE;
  cases['new.yaml'] = PASSING_CASE.replace('name: ok', 'name: new').replace(/expect:[\s\S]*$/, '');

  it(
    'each shard runs a share of the cases; merged, verdict, checks and totals equal one unsharded run',
    { timeout: 120_000 },
    async () => {
      const root = goldenProject(cases);
      // An orphan proposal (its case is gone) and one for a case that passes without it.
      await writeFile(join(root, 'cases', 'gone.proposal.yaml'), 'expect:\n  ids: [a]\n');
      await writeFile(join(root, 'cases', 'c4.proposal.yaml'), 'expect:\n  ids: [b, a]\n');
      const run = async (args: string[]) => {
        const io = memoryIo(root, {});
        const code = await main(args, io);
        expect(io.text().err).toBe('');
        return code;
      };
      const at = async (p: string) => JSON.parse(await readFile(join(root, p), 'utf8')) as RunReport;
      // Not recorded in the history store: the first split has nothing to balance by.
      expect(await run(['run', '--reports', 'whole', '--no-history'])).toBe(1);
      const whole = await at('whole/gauntlet.json');
      expect(whole.suites[0]!.metrics).toMatchObject({ cases: 8, passed: 6, failed: 2, new_cases: 1 });
      expect(whole.suites[0]!.checks.at(-1)).toMatchObject({ name: 'obsolete proposals', metrics: { obsolete: 2 } });

      for (const source of ['none', 'report', 'history'] as const) {
        const balance = source === 'none' ? 'counts' : 'durations';
        const dirs = [1, 2, 3].map((i) => `${source}-s${i}`);
        // The last run's case times balance the split: its report in the reports directory, else the history store.
        if (source === 'history') expect(await run(['history', 'record', 'whole/gauntlet.json'])).toBe(0);
        for (const [i, d] of dirs.entries()) {
          if (source === 'report') {
            await mkdir(join(root, d), { recursive: true });
            await writeFile(join(root, d, 'gauntlet.json'), JSON.stringify(whole));
          }
          await run(['run', '--shard', `${i + 1}/3`, '--reports', d]);
        }
        const parts = await Promise.all(dirs.map((d) => at(`${d}/gauntlet.json`)));
        const ran = parts.map((p) => p.suites[0]!.shardPart!);
        expect(ran.map((r) => r.balancedBy)).toEqual([balance, balance, balance]);
        expect(ran.every((r) => r.ran.length >= 1 && r.ran.length < 8)).toBe(true);
        expect(ran.flatMap((r) => r.ran).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);

        expect(await run(['report', 'merge', ...dirs, '--reports', `${source}-merged`])).toBe(1);
        const merged = await at(`${source}-merged/gauntlet.json`);
        expect(untimed(merged)).toEqual(untimed(whole));
        expect(merged.suites[0]!.artifacts).toEqual(whole.suites[0]!.artifacts);
      }
    },
  );

  it(
    'shards that planned differently (a unit twice, one never) merge to an error, not a pass',
    { timeout: 60_000 },
    async () => {
      const root = goldenProject({
        'a.yaml': PASSING_CASE.replace('name: ok', 'name: a'),
        'b.yaml': PASSING_CASE.replace('name: ok', 'name: b'),
      });
      const io = () => memoryIo(root, {});
      await main(['run', '--shard', '1/2', '--reports', 's1'], io());
      await main(['run', '--shard', '2/2', '--reports', 's2'], io());
      const s2 = JSON.parse(await readFile(join(root, 's2/gauntlet.json'), 'utf8')) as RunReport;
      s2.suites[0]!.shardPart!.ran = [0];
      await writeFile(join(root, 's2/gauntlet.json'), JSON.stringify(s2));
      expect(await main(['report', 'merge', 's1', 's2', '--reports', 'm'], io())).toBe(1);
      const m = JSON.parse(await readFile(join(root, 'm/gauntlet.json'), 'utf8')) as RunReport;
      expect(m.verdict).toBe('error');
      expect(m.suites[0]!.checks.at(-1)).toMatchObject({ name: 'shard coverage', verdict: 'error' });
    },
  );
});

describe('a drift suite split across 3 shards (scenario x seed pairs)', () => {
  it('merges to the checks, tables, charts and totals of one unsharded run', { timeout: 180_000 }, async () => {
    const root = await mkdtemp(join(tmpdir(), 'gauntlet-merge-drift-'));
    await mkdir(join(root, 'drift'));
    // Short scenarios (10 simulated days in 10-minute steps) keep the 2 x 2 pairs, run twice, quick.
    const scenario = (name: string, changes: string) =>
      `name: ${name}\ndays: 10\nstepMinutes: 10\nreferenceDays: 7\nbase: { mean: 0.5, sd: 0.1 }\nseasonality: { daily: 1.0, weekly: 0.5 }\nchanges: ${changes}\nexpect:\n  detectWithinHours: 6\n  maxFalseAlarms: 0\n`;
    await writeFile(join(root, 'drift', 'control.yaml'), scenario('control', '[]'));
    await writeFile(
      join(root, 'drift', 'sudden-shift.yaml'),
      scenario('sudden-shift', '[{ kind: shift, atDay: 8.3, meanShift: 0.5 }]'),
    );
    const at = (p: string) => JSON.stringify(resolve(p));
    await writeFile(
      join(root, 'gauntlet.config.ts'),
      `import { referenceDriftSystem } from ${at('sut/autopilot/index.ts')};
import { select } from ${at('sut/planner/index.ts')};
export default { seed: 1, reporters: ['json'], suites: [{ kind: 'drift', name: 'drift', scenarios: ['drift'], system: referenceDriftSystem({ select }), seeds: 2 }] };
`,
    );
    const run = async (args: string[]) => {
      const io = memoryIo(root, {});
      const code = await main(args, io);
      expect(io.text().err).toBe('');
      return code;
    };
    const read = async (p: string) => JSON.parse(await readFile(join(root, p), 'utf8')) as RunReport;
    const untimed = (r: RunReport) => ({
      ...comparable(r),
      suites: comparable(r).suites.map((s) => ({
        ...s,
        shardPart: undefined,
        checks: s.checks.map((c) => ({ ...c, metrics: c.metrics && { ...c.metrics, wall_ms_max: 0 } })),
      })),
    });
    const wholeCode = await run(['run', '--reports', 'whole']);
    for (const i of [1, 2, 3]) await run(['run', '--shard', `${i}/3`, '--reports', `s${i}`]);
    const parts = await Promise.all([1, 2, 3].map((i) => read(`s${i}/gauntlet.json`)));
    expect(parts.map((p) => p.suites[0]!.shardPart!.ran.length).sort()).toEqual([1, 1, 2]);
    expect(await run(['report', 'merge', 's1', 's2', 's3', '--reports', 'merged'])).toBe(wholeCode);
    const whole = await read('whole/gauntlet.json');
    const merged = await read('merged/gauntlet.json');
    expect(whole.suites[0]!.checks.map((c) => c.name)).toEqual([
      'control: detection',
      'control: invariants',
      'sudden-shift: detection',
      'sudden-shift: invariants',
    ]);
    expect(untimed(merged)).toEqual(untimed(whole));
  });
});
