import { describe, expect, it } from 'vitest';
import { suiteContextFor } from '../../core/__fixtures__/suite-context.ts';
import { currentFingerprint } from '../fingerprint.ts';
import { benchEntrySchema, type BenchFlags } from '../options.ts';
import { planInput } from './settings.ts';

describe('bench settings', () => {
  it('--save makes a saving run outside CI only: in CI the save is refused and the run gates as usual', () => {
    const entry = benchEntrySchema.parse({ kind: 'bench', name: 'bench' });
    const run = { files: ['suites/bench/a.bench.ts'], here: currentFingerprint() };
    const saving = (ci: boolean, flags: BenchFlags) =>
      planInput(entry, suiteContextFor<BenchFlags>('/tmp/gauntlet-settings-test', { ci, flags }), run).saving;
    expect(saving(false, { save: true })).toBe(true);
    // A saving run skips the confirmation, accepts regressions and compares with a stored baseline from
    // another machine directly: in CI, where nothing is saved, that would gate nothing.
    expect(saving(true, { save: true })).toBe(false);
    expect(saving(false, {})).toBe(false);
  });
});
