import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GoldenCaseError } from '../core/errors.ts';
import { caseYaml, contextFor, entryFor, makeProject } from './__fixtures__/test-project.ts';
import type { RankingDiff } from './ranking-diff.ts';
import { runGolden } from './run-golden.ts';

describe('runGolden', () => {
  it('passes matching cases and fails a changed ranking with a ranking diff', async () => {
    const { root } = makeProject({
      'ok.yaml': caseYaml('ok', { a: 3, b: 2, c: 1, d: 0 }, ['a', 'b', 'c']),
      'moved.yaml': caseYaml('moved', { a: 3, b: 2, c: 1, d: 0 }, ['b', 'a', 'd']),
      'set.yaml': caseYaml('set', { a: 3, b: 2, c: 1 }, ['c', 'b', 'a']).replace(
        'expect:\n',
        'expect:\n  mode: same-set\n',
      ),
    });
    const report = await runGolden(entryFor(), contextFor(root));
    const byName = Object.fromEntries(report.checks.map((c) => [c.name, c]));
    expect(byName.ok!.verdict).toBe('pass');
    expect(byName.set!.verdict).toBe('pass');
    expect(byName.moved!.verdict).toBe('fail');
    const diff = (byName.moved!.details as { diff: RankingDiff }).diff;
    expect(diff.entered).toEqual(['c']);
    expect(diff.left).toEqual(['d']);
    expect(diff.moved).toEqual([
      { id: 'b', from: 1, to: 2, by: -1 },
      { id: 'a', from: 2, to: 1, by: 1 },
    ]);
    expect(byName.moved!.reasons[0]).toContain('entered top 3: c');
    expect(byName.moved!.metrics).toMatchObject({ overlap_at_k: 2 / 3, kendall_tau: -1 });
    expect(report.verdict).toBe('fail');
    expect(report.summary).toBe('2/3 cases pass');
    const selections = JSON.parse(report.artifacts![0]!.content) as Record<string, { ids: string[] }>;
    expect(selections.moved!.ids).toEqual(['a', 'b', 'c']);
  });

  it('checks the other expectation modes, entropy and latency', async () => {
    const exp = (body: string) =>
      caseYaml('x', { a: 3, b: 2, c: 1, d: 0 }).replace(/^name: x/, '') + `expect:\n${body}`;
    const { root } = makeProject({
      'overlap.yaml': 'name: overlap' + exp('  mode: min-overlap\n  minOverlap: 0.6\n  ids: [a, b, d]\n'),
      'overlap-low.yaml': 'name: overlap-low' + exp('  mode: min-overlap\n  minOverlap: 0.9\n  ids: [a, b, d]\n'),
      'tau.yaml': 'name: tau' + exp('  mode: min-kendall-tau\n  minKendallTau: 0.9\n  ids: [b, a, c]\n'),
      'entropy.yaml':
        'name: entropy' + exp(`  ids: [a, b, c]\n  entropy: ${Math.log(4) + 1e-6}\n  entropyTolerance: 1.0e-9\n`),
      'latency.yaml': 'name: latency' + exp('  ids: [a, b, c]\n  maxLatencyMs: 0.000000001\n'),
    });
    const report = await runGolden(entryFor(), contextFor(root));
    const v = Object.fromEntries(report.checks.map((c) => [c.name, c]));
    expect(v.overlap!.verdict).toBe('pass');
    expect(v['overlap-low']!.reasons[0]).toMatch(/^overlap@3 0.6667 < 0.9/);
    expect(v.tau!.reasons[0]).toMatch(/kendall tau 0.3333 < 0.9/);
    expect(v.entropy!.reasons[0]).toMatch(/entropy .* > tolerance 1e-9/);
    expect(v.latency!.reasons[0]).toMatch(/latency .* > max 1e-9 ms/);
  });

  it('times out a selection that never returns, terminates its worker and runs the other cases', async () => {
    const { root } = makeProject({
      'a-hangs.yaml': caseYaml('hangs', { a: 1 }, ['a'], 'config: { loop: true }\ntimeoutMs: 300\n'),
      'b-ok.yaml': caseYaml('ok-1', { a: 1, b: 2 }, ['b', 'a']),
      'c-ok.yaml': caseYaml('ok-2', { a: 1, b: 2 }, ['b', 'a']),
      'd-throws.yaml': caseYaml('throws', { a: 1 }, ['a'], 'config: { throw: true }\n'),
    });
    const report = await runGolden(entryFor({ concurrency: 1 }), contextFor(root));
    const v = Object.fromEntries(report.checks.map((c) => [c.name, c]));
    expect(v.hangs!.verdict).toBe('error');
    expect(v.hangs!.reasons[0]).toMatch(/^timeout: no selection within 300 ms/);
    expect(v['ok-1']!.verdict).toBe('pass');
    expect(v['ok-2']!.verdict).toBe('pass');
    expect(v.throws!.verdict).toBe('error');
    expect(v.throws!.reasons[0]).toContain('selector threw: boom');
    expect(report.metrics).toMatchObject({ timed_out: 1, errors: 2, passed: 2 });
    expect(report.summary).toContain('1 timed out');
  });

  it('--seed overrides every case seed', async () => {
    const { root } = makeProject({ 's.yaml': caseYaml('s', { a: 1 }, ['"1"', 'a'], 'config: { seedFirst: true }\n') });
    expect((await runGolden(entryFor(), contextFor(root))).verdict).toBe('pass');
    const overridden = await runGolden(entryFor(), contextFor(root, { seedOverride: 9 }));
    expect((overridden.checks[0]!.details as { actual: { ids: string[] } }).actual.ids).toEqual(['9', 'a']);
  });

  it('--update writes proposals next to failing and new cases only; --accept applies them; the case file keeps its comments', async () => {
    const { root, dir } = makeProject({
      'new.yaml': '# a new case\n' + caseYaml('new', { a: 1, b: 2 }),
      'changed.yaml': caseYaml('changed', { a: 1, b: 2 }, ['a', 'b']).replace(
        'expect:\n',
        'expect:\n  # keep this comment\n  mode: min-kendall-tau\n  minKendallTau: 1\n',
      ),
      'fine.yaml': caseYaml('fine', { a: 1, b: 2 }, ['b', 'a']),
    });
    const before = readFileSync(join(dir, 'changed.yaml'), 'utf8');
    const first = await runGolden(entryFor(), contextFor(root, { flags: { update: true } }));
    expect(first.verdict).toBe('fail');
    expect(first.checks.find((c) => c.name === 'new')!.change).toBe('new');
    expect(readFileSync(join(dir, 'changed.yaml'), 'utf8')).toBe(before); // never rewritten by --update
    expect(existsSync(join(dir, 'fine.proposal.yaml'))).toBe(false);
    const proposal = readFileSync(join(dir, 'changed.proposal.yaml'), 'utf8');
    expect(proposal).toContain('mode: min-kendall-tau');
    expect(proposal).toMatch(/ids:\n\s+- b\n\s+- a/);
    expect(first.notes!.join('\n')).toContain('wrote 2 proposal(s)');

    const second = await runGolden(entryFor(), contextFor(root, { flags: { accept: true } }));
    expect(second.verdict).toBe('pass');
    expect(existsSync(join(dir, 'changed.proposal.yaml'))).toBe(false);
    const after = readFileSync(join(dir, 'changed.yaml'), 'utf8');
    expect(after).toContain('# keep this comment');
    expect(after).toContain('ids: [ b, a ]');
    expect(readFileSync(join(dir, 'new.yaml'), 'utf8')).toMatch(/^# a new case/);
  });

  it('--accept rewrites a JSON case in the one-candidate-per-line layout', async () => {
    const json = JSON.stringify({
      name: 'j',
      seed: 1,
      candidates: [
        { id: 'a', score: 1 },
        { id: 'b', score: 2 },
      ],
      expect: { mode: 'same-set', ids: ['a'] },
    });
    const { root, dir } = makeProject({ 'j.json': json });
    await runGolden(entryFor(), contextFor(root, { flags: { update: true } }));
    expect((await runGolden(entryFor(), contextFor(root, { flags: { accept: true } }))).verdict).toBe('pass');
    expect(readFileSync(join(dir, 'j.json'), 'utf8')).toBe(
      '{\n  "name": "j",\n  "seed": 1,\n  "candidates": [\n    {"id":"a","score":1},\n    {"id":"b","score":2}\n  ],\n  "expect": {"mode":"same-set","ids":["b","a"],"entropy":0.6931471805599453}\n}\n',
    );
  });

  it('in CI writes nothing: a new case fails, --update and --accept are ignored', async () => {
    const { root, dir } = makeProject({ 'new.yaml': caseYaml('new', { a: 1 }) });
    writeFileSync(join(dir, 'other.proposal.yaml'), 'case: other.yaml\nname: other\nexpect:\n  ids: []\n');
    const report = await runGolden(entryFor(), contextFor(root, { ci: true, flags: { update: true } }));
    expect(report.checks[0]!.verdict).toBe('fail');
    expect(report.checks[0]!.reasons[0]).toContain('CI never writes');
    expect(existsSync(join(dir, 'new.proposal.yaml'))).toBe(false);
    expect(report.notes).toContain('CI=true: --update ignored, no proposals written');
    const acc = await runGolden(entryFor(), contextFor(root, { ci: true, flags: { accept: true } }));
    expect(acc.notes).toContain('CI=true: --accept ignored, nothing written');
    expect(existsSync(join(dir, 'other.proposal.yaml'))).toBe(true);
  });

  it('reports obsolete proposals: no case uses them, or their case passes without them', async () => {
    const { root, dir } = makeProject({ 'fine.yaml': caseYaml('fine', { a: 1 }, ['a']) });
    writeFileSync(join(dir, 'gone.proposal.yaml'), 'case: gone.yaml\nname: gone\nexpect:\n  ids: [x]\n');
    writeFileSync(join(dir, 'fine.proposal.yaml'), 'case: fine.yaml\nname: fine\nexpect:\n  ids: [a]\n');
    const report = await runGolden(entryFor(), contextFor(root));
    const obsolete = report.checks.find((c) => c.name === 'obsolete proposals')!;
    expect(obsolete.verdict).toBe('warn');
    expect(obsolete.reasons).toEqual([
      'cases/fine.proposal.yaml: its case passes without it',
      "cases/gone.proposal.yaml: no case 'gone' uses this expectation (case file removed or renamed)",
    ]);
    expect(report.verdict).toBe('warn');
  });

  it('rejects bad input with an error naming the file and the field', async () => {
    const cases: Array<[string, string, RegExp, string | undefined]> = [
      [
        'mode.yaml',
        caseYaml('m', { a: 1 }, ['a']).replace('expect:\n', 'expect:\n  mode: exactish\n'),
        /unknown expectation mode/,
        'expect.mode',
      ],
      ['seed.yaml', caseYaml('s', { a: 1 }).replace('seed: 1', 'seed: 1.5'), /int/, 'seed'],
      ['nan.yaml', caseYaml('n', { a: 1 }).replace('score: 1', 'score: .nan'), /number/, 'candidates[0].score'],
      ['missing.yaml', 'name: x\nseed: 1\n', /expected array/, 'candidates'],
      [
        'dup.yaml',
        caseYaml('d', { a: 1 }) + '  - { id: a, score: 2 }\n',
        /duplicate candidate id 'a'/,
        'candidates[1].id',
      ],
      ['config.yaml', caseYaml('c', { a: 1 }, undefined, 'config: { k: -1 }\n'), /k must be an integer/, 'config.k'],
      ['broken.yaml', 'name: [unclosed\nseed: 1\n', /malformed YAML/, undefined],
    ];
    for (const [file, text, message, field] of cases) {
      const { root } = makeProject({ [file]: text });
      const err = await runGolden(entryFor(), contextFor(root)).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err, file).toBeInstanceOf(GoldenCaseError);
      expect((err as GoldenCaseError).exitCode, file).toBe(2);
      expect((err as GoldenCaseError).message, file).toMatch(message);
      expect((err as GoldenCaseError).location.file, file).toBe(`cases/${file}`);
      if (field) expect((err as GoldenCaseError).location.field, file).toBe(field);
      else expect((err as GoldenCaseError).location.line, file).toBeGreaterThan(0);
    }
  });

  it('names the base config file when it is invalid, and a missing selector export', async () => {
    const { root } = makeProject({ 'a.yaml': caseYaml('a', { a: 1 }) });
    writeFileSync(join(root, 'base.yaml'), 'k: 1.5\n');
    await expect(runGolden(entryFor(), contextFor(root))).rejects.toMatchObject({
      location: { file: 'base.yaml', field: 'k', line: 1 },
    });
    await expect(
      runGolden(entryFor({ selector: { module: './selector.mjs', export: 'nope' } }), contextFor(root)),
    ).rejects.toThrow(/no exported function 'nope'/);
  });
});
