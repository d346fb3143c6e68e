import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../harness/cli/main.ts';
import { FAILING_CASE, goldenProject, memoryIo, NAN_CASE, PASSING_CASE } from './helpers-golden-project.ts';

/** The CLI contract, driven through the golden suite: exit codes, config errors naming the key, --seed, --reports. */
describe('gauntlet CLI foundation', () => {
  it('exit code 0 when every check passes, and writes reports/gauntlet.json', async () => {
    const root = goldenProject({ 'ok.yaml': PASSING_CASE });
    const io = memoryIo(root);
    expect(await main(['golden'], io)).toBe(0);
    const report = JSON.parse(readFileSync(join(root, 'reports', 'gauntlet.json'), 'utf8'));
    expect(report.verdict).toBe('pass');
    expect(report.suites[0].checks[0]).toMatchObject({ name: 'ok', verdict: 'pass' });
    expect(io.text().out).toContain('1/1 cases pass');
  });

  it('exit code 1 when a check fails, with the ranking diff in the console and the JSON report', async () => {
    const root = goldenProject({ 'ok.yaml': PASSING_CASE, 'wrong.yaml': FAILING_CASE });
    const io = memoryIo(root);
    expect(await main(['run'], io)).toBe(1);
    expect(io.text().out).toContain('moved: a 1→2 (▼1), b 2→1 (▲1)');
    const report = JSON.parse(readFileSync(join(root, 'reports', 'gauntlet.json'), 'utf8'));
    const wrong = report.suites[0].checks.find((c: { name: string }) => c.name === 'wrong');
    expect(wrong.details.diff.kendallTau).toBe(-1);
  });

  it('exit code 2 for a bad case file, naming the file and the field', async () => {
    const root = goldenProject({ 'nan.yaml': NAN_CASE });
    const io = memoryIo(root);
    expect(await main(['golden'], io)).toBe(2);
    const report = JSON.parse(readFileSync(join(root, 'reports', 'gauntlet.json'), 'utf8'));
    expect(report.suites[0].inputError).toMatchObject({
      file: 'cases/nan.yaml',
      field: 'candidates[0].score',
      line: 5,
    });
    const { out, err } = io.text();
    expect(out + err).toContain('cases/nan.yaml:5: candidates[0].score');
    expect(out + err).not.toMatch(/\n\s+at /);
  });

  it('exit code 2 for an unknown top-level config key, naming the key', async () => {
    const root = goldenProject({ 'ok.yaml': PASSING_CASE }, "\n  colour: 'red',");
    const io = memoryIo(root);
    expect(await main(['run'], io)).toBe(2);
    expect(io.text().err).toMatch(/gauntlet\.config\.ts: \(root\): unknown key 'colour'/);
  });

  it('exit code 2 for a misspelt required key (suits:), naming the typo and the key it likely meant', async () => {
    const root = goldenProject({ 'ok.yaml': PASSING_CASE });
    const file = join(root, 'gauntlet.config.ts');
    writeFileSync(file, readFileSync(file, 'utf8').replace('suites:', 'suits:'));
    const io = memoryIo(root);
    expect(await main(['run'], io)).toBe(2);
    expect(io.text().err).toMatch(/gauntlet\.config\.ts: \(root\): unknown key 'suits' \(did you mean 'suites'\?\)/);
  });

  it('exit code 2 for a wrong type in a suite entry, naming suites[i].key', async () => {
    const root = goldenProject({ 'ok.yaml': PASSING_CASE }, '', ", timeoutMs: 'soon'");
    const io = memoryIo(root);
    expect(await main(['golden'], io)).toBe(2);
    expect(io.text().err).toMatch(/gauntlet\.config\.ts: suites\[0\]\.timeoutMs: .*expected number/);
  });

  it('--seed that is not an integer is a usage error (2)', async () => {
    const root = goldenProject({ 'ok.yaml': PASSING_CASE });
    for (const bad of ['abc', '1.5']) {
      const io = memoryIo(root);
      expect(await main(['golden', '--seed', bad], io)).toBe(2);
      expect(io.text().err).toContain('--seed must be an integer');
    }
  });

  it('--seed N overrides every case seed (the report records it)', async () => {
    const root = goldenProject({ 'ok.yaml': PASSING_CASE });
    const io = memoryIo(root);
    expect(await main(['golden', '--seed', '77'], io)).toBe(0);
    expect(JSON.parse(readFileSync(join(root, 'reports', 'gauntlet.json'), 'utf8')).seed).toBe(77);
  });

  it('--reports DIR moves the output', async () => {
    const root = goldenProject({ 'ok.yaml': PASSING_CASE });
    expect(await main(['golden', '--reports', 'elsewhere/out'], memoryIo(root))).toBe(0);
    expect(existsSync(join(root, 'elsewhere', 'out', 'gauntlet.json'))).toBe(true);
    expect(existsSync(join(root, 'reports', 'gauntlet.json'))).toBe(false);
  });

  it('--save with --against is a usage error (2) naming both, in run, bench and stress alike', async () => {
    const root = mkdtempSync(join(tmpdir(), 'gauntlet-save-against-'));
    for (const command of ['run', 'bench', 'stress']) {
      const io = memoryIo(root);
      expect(await main([command, '--save', '--against', 'HEAD~1'], io), command).toBe(2);
      expect(io.text().err, command).toContain('--save and --against are exclusive');
    }
  });
});
