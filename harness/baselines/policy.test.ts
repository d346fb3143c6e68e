import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrateStressBaseline, stressBaselineSchema } from '../stress/stress-baseline.ts';
import { readBaseline, writeBaseline } from './baseline-file.ts';
import { missingBaselineCheck, refuseSave, savesThisRun } from './policy.ts';

describe('the shared baseline policy', () => {
  it('a missing baseline is a warning or an error by config policy, and nothing when this run saves one', () => {
    const o = { name: 'baseline', file: 'baselines/x.json', saveCommand: 'gauntlet stress x --save' };
    expect(missingBaselineCheck({ ...o, policy: 'warn', saving: false })).toMatchObject({ verdict: 'warn', change: 'new', reasons: [expect.stringMatching(/no stored baseline in baselines\/x.json.*gauntlet stress x --save/)] });
    expect(missingBaselineCheck({ ...o, policy: 'error', saving: false }).verdict).toBe('error');
    expect(missingBaselineCheck({ ...o, policy: 'error', saving: true })).toMatchObject({ verdict: 'pass', reasons: [] });
  });

  it('--save writes only outside CI, without --against, after a run that passed and finished', () => {
    const ok = { ci: false, verdict: 'pass' as const, aborted: false };
    expect(refuseSave(ok)).toBeUndefined();
    expect(refuseSave({ ...ok, verdict: 'warn' })).toBeUndefined();
    expect(refuseSave({ ...ok, ci: true })).toMatch(/in CI/);
    expect(refuseSave({ ...ok, against: 'main' })).toMatch(/--against/);
    expect(refuseSave({ ...ok, verdict: 'fail' })).toMatch(/did not pass \(fail\)/);
    expect(refuseSave({ ...ok, verdict: 'error' })).toMatch(/did not pass \(error\)/);
    expect(refuseSave({ ...ok, aborted: true })).toMatch(/cut short/);
    expect(savesThisRun({ save: true, ci: false })).toBe(true);
    expect(savesThisRun({ save: true, ci: true })).toBe(false);
    expect(savesThisRun({ ci: false })).toBe(false);
  });

  it('reads a stress baseline written by gauntlet 0.1 (`version: 1`) as the current format, in memory only', async () => {
    const committed = resolve('harness/baselines/__fixtures__/stress-baseline-v0.1.json');
    const before = readFileSync(committed, 'utf8');
    expect(JSON.parse(before)).toMatchObject({ version: 1 });
    const read = await readBaseline(committed, stressBaselineSchema, { migrate: migrateStressBaseline });
    expect(read?.schemaVersion).toBe(1);
    expect(Object.keys(read!.scenarios).length).toBeGreaterThan(0);
    expect(readFileSync(committed, 'utf8')).toBe(before);
  });

  it('a corrupt baseline is a BaselineError naming the file and line; writing in CI is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gauntlet-baseline-'));
    const file = join(dir, 'b.json');
    writeFileSync(file, '{\n  "schemaVersion": 1,\n  oops\n}');
    await expect(readBaseline(file, stressBaselineSchema)).rejects.toMatchObject({ code: 'GAUNTLET_BASELINE', exitCode: 2, location: { file, line: 3 } });
    await expect(writeBaseline(file, {}, { ci: true })).rejects.toMatchObject({ code: 'GAUNTLET_BASELINE' });
    expect(readFileSync(file, 'utf8')).toMatch(/oops/);
  });
});
