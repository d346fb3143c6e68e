/**
 * Paths from suite entries and data files stay inside the project (`..` and absolute paths are an
 * exit-code-2 error naming the path) unless the config sets `allowOutsidePaths: true`; reports are
 * written only inside the reports directory, whatever a suite names its artifacts.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../harness/cli/main.ts';
import { pathToFileURL } from 'node:url';
import type { RunReport } from '../harness/core/report.ts';
import { FIXTURE_SELECTOR } from '../harness/golden/__fixtures__/test-project.ts';
import { memoryIo } from './helpers-golden-project.ts';

const CASE =
  'name: ok\nseed: 1\nconfig: { k: 1 }\ncandidates:\n  - { id: a, score: 1 }\n  - { id: b, score: 2 }\nexpect:\n  ids: [b]\n';

/** <tmp>/outside/ (a directory next to the project) and <tmp>/project/ with the given config body. */
function project(suites: string, top = '', head = ''): { root: string; outside: string } {
  const base = mkdtempSync(join(tmpdir(), 'gauntlet-paths-'));
  const root = join(base, 'project');
  const outside = join(base, 'outside');
  mkdirSync(join(root, 'cases'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(root, 'selector.mjs'), FIXTURE_SELECTOR);
  writeFileSync(join(root, 'cases', 'ok.yaml'), CASE);
  writeFileSync(join(outside, 'ok.yaml'), CASE);
  mkdirSync(join(outside, 'cases'));
  writeFileSync(join(outside, 'cases', 'ok.yaml'), CASE);
  mkdirSync(join(outside, 'drift'));
  writeFileSync(
    join(outside, 'drift', 'control.yaml'),
    'name: control\ndays: 8\nreferenceDays: 7\nbase: { mean: 0.5, sd: 0.1 }\nchanges: []\nexpect: { maxFalseAlarms: 5 }\n',
  );
  writeFileSync(join(outside, 'profile.yaml'), 'name: outside\n');
  writeFileSync(
    join(root, 'gauntlet.config.ts'),
    `${head}export default { reporters: ['json'], ${top} suites: [${suites}] };\n`,
  );
  return { root, outside };
}

async function run(root: string, args: string[] = ['run']): Promise<{ code: number; err: string; report?: RunReport }> {
  const io = memoryIo(root, { CI: 'false' });
  const code = await main(args, io);
  const file = join(root, 'reports', 'gauntlet.json');
  return {
    code,
    err: io.text().err,
    report: existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as RunReport) : undefined,
  };
}

const golden = (extra: string) =>
  `{ kind: 'golden', name: 'g', selector: { module: './selector.mjs' }, concurrency: 1, latencyCalls: 1, ${extra} }`;
const stress = (extra: string) => `{ kind: 'stress', name: 's', client: () => ({}), redis: 'memory', ${extra} }`;
const drift = (path: string) =>
  `{ kind: 'drift', name: 'd', scenarios: [${JSON.stringify(path)}], seeds: 1, charts: false }`;

describe('paths from entries and data files stay inside the project', () => {
  const refused: Array<[string, (outside: string) => string, string]> = [
    ['golden dir ..', () => golden(`dir: '../outside'`), 'dir'],
    ['golden dir absolute', (o) => golden(`dir: ${JSON.stringify(o)}`), 'dir'],
    ['golden selectorConfig ..', () => golden(`dir: 'cases', selectorConfig: '../outside/ok.yaml'`), 'selectorConfig'],
    [
      'stress profile ..',
      () => stress(`scenarios: [{ name: 'a', profile: '../outside/profile.yaml', calls: 1 }]`),
      'scenarios[0].profile',
    ],
    [
      'stress baseline absolute',
      (o) =>
        stress(
          `baseline: ${JSON.stringify(join(o, 'b.json'))}, scenarios: [{ name: 'a', profile: { name: 'p' }, calls: 1 }]`,
        ),
      'baseline',
    ],
    ['bench dir ..', () => `{ kind: 'bench', name: 'b', dir: '../outside' }`, 'dir'],
    [
      'bench baseline absolute',
      (o) => `{ kind: 'bench', name: 'b', dir: 'cases', baseline: ${JSON.stringify(join(o, 'bench.json'))} }`,
      'baseline',
    ],
    ['bench history ..', () => `{ kind: 'bench', name: 'b', dir: 'cases', history: '../outside/h.jsonl' }`, 'history'],
    ['drift scenario ..', () => drift('../outside/drift/control.yaml'), 'scenarios[0]'],
    ['drift scenario absolute', (o) => drift(join(o, 'drift', 'control.yaml')), 'scenarios[0]'],
  ];
  // All cases in one run (each `gauntlet run` starts a process): every suite is checked on its own and
  // reports its own input error, so suite i answers for case i.
  let refusedRun: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => {
    const { root, outside } = project('');
    const suites = refused.map(([, suite], i) => suite(outside).replace(/name: '\w+'/, `name: 'case-${i}'`));
    writeFileSync(join(root, 'gauntlet.config.ts'), `export default { reporters: ['json'], suites: [${suites}] };\n`);
    refusedRun = await run(root);
  });
  it('a refused path is an exit code 2 run', () => {
    expect(refusedRun.code).toBe(2);
    expect(refusedRun.report!.suites).toHaveLength(refused.length);
  });
  for (const [i, [what, , field]] of refused.entries()) {
    it(`refuses ${what}: the path and the field named, nothing read`, () => {
      const suite = refusedRun.report!.suites[i]!;
      expect(suite.name).toBe(`case-${i}`);
      expect(suite.inputError).toMatchObject({
        field,
        message: expect.stringMatching(/is outside .*allowOutsidePaths/),
      });
      expect(suite.summary).toContain(field);
    });
  }

  it('refuses a symbolic link inside the project that points outside it (a named file, or one in a scenario folder)', async () => {
    const { root, outside } = project('');
    mkdirSync(join(root, 'drift'));
    symlinkSync(join(outside, 'drift', 'control.yaml'), join(root, 'drift', 'linked.yaml'));
    symlinkSync(join(outside, 'profile.yaml'), join(root, 'profile.yaml'));
    const cases = [
      [drift('drift'), undefined],
      [drift('drift/linked.yaml'), 'scenarios[0]'],
      [stress(`scenarios: [{ name: 'a', profile: 'profile.yaml', calls: 1 }]`), 'scenarios[0].profile'],
    ] as const;
    // One run of the three cases as three suites, each reporting its own input error.
    const suites = cases.map(([suite], i) => suite.replace(/name: '\w+'/, `name: 'case-${i}'`));
    writeFileSync(join(root, 'gauntlet.config.ts'), `export default { reporters: ['json'], suites: [${suites}] };\n`);
    const r = await run(root);
    expect(r.code).toBe(2);
    expect(r.report!.suites.map((s) => s.name)).toEqual(['case-0', 'case-1', 'case-2']);
    for (const [i, [, field]] of cases.entries()) {
      expect(r.report!.suites[i]!.inputError).toMatchObject({
        message: expect.stringMatching(/symbolic link to .*outside/),
        ...(field ? { field } : {}),
      });
    }
  });

  it('allows outside paths when the config sets allowOutsidePaths: true', async () => {
    const { root } = project(
      `${golden(`dir: '../outside/cases'`)}, ${drift('../outside/drift/control.yaml')}`,
      'allowOutsidePaths: true,',
    );
    const r = await run(root);
    expect(r.report!.suites.map((s) => [s.name, s.inputError])).toEqual([
      ['g', undefined],
      ['d', undefined],
    ]);
    expect(r.report!.suites[0]!.verdict).toBe('pass');
  });

  it('a golden proposal cannot point --accept at a file outside the project', async () => {
    const { root, outside } = project(golden(`dir: 'cases'`));
    const victim = join(outside, 'ok.yaml');
    const before = readFileSync(victim, 'utf8');
    writeFileSync(
      join(root, 'cases', 'ok.proposal.yaml'),
      `case: ../../outside/ok.yaml\nname: ok\nexpect:\n  ids: [a]\n`,
    );
    const r = await run(root, ['golden', '--accept']);
    expect(r.code).toBe(2);
    expect(r.report!.suites[0]!.inputError).toMatchObject({ file: 'cases/ok.proposal.yaml', field: 'case' });
    expect(readFileSync(victim, 'utf8')).toBe(before);
  });
});

describe('reports stay inside the reports directory', () => {
  it('every reporter writes under reports/, whatever the suite, check and artifact names say', async () => {
    const kindModule = pathToFileURL(join(import.meta.dirname, 'fixtures', 'hostile-names-kind.ts')).href;
    const { root } = project(
      `{ kind: 'hostile-names', name: '../../../suite' }`,
      'kinds: [hostileNames],',
      `import hostileNames from '${kindModule}';\n`,
    );
    const base = join(root, '..');
    const list = (dir: string): string[] =>
      readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((d) => d.isFile())
        .map((d) => relative(base, join(d.parentPath, d.name)));
    const before = new Set(list(base));
    const r = await run(root, ['run', '--reporter', 'json,junit,mochawesome,console']);
    expect(r.code).toBe(1);
    const written = list(base).filter((f) => !before.has(f));
    expect(written.length).toBeGreaterThan(2);
    // Besides the reports, a local run keeps its history at one fixed path (docs/guide/history.md).
    for (const f of written) expect(f).toMatch(/^project\/(reports\/|\.gauntlet\/history\.sqlite(-wal|-shm)?$)/);
    expect(existsSync('/tmp/gauntlet-escape.svg')).toBe(false);
  });
});
