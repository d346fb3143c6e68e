import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBenchBaseline } from '../baseline.ts';
import { currentFingerprint } from '../fingerprint.ts';
import { partialSaveRefusal } from './persist.ts';

const FIXTURE = join(import.meta.dirname, '..', '__fixtures__', 'bench-baseline-v1-other-machine.json');

describe('a save of some benchmarks (-t, a shard)', () => {
  it('is refused when the stored figures of the others were measured at another commit', async () => {
    const stored = await readBenchBaseline(FIXTURE);
    const was = stored?.provenance.gitCommit;
    expect(was).toBe('97819d86e2cdbc46f615d6f4361fd477dc37e5a7');
    const here = currentFingerprint();
    expect(partialSaveRefusal(stored, 'f'.repeat(40), here)).toMatch(
      /^baseline not saved: .* measured at 97819d86e2cd, not at ffffffffffff: save the whole suite/,
    );
    expect(partialSaveRefusal(stored, undefined, here)).toContain('not at this uncommitted tree');
    expect(partialSaveRefusal(undefined, 'f'.repeat(40), here)).toBeUndefined();
    // The same commit on the machine that saved it: the others' figures are kept.
    const mine = { ...stored!, provenance: { ...stored!.provenance, fingerprint: here } };
    expect(partialSaveRefusal(mine, was, here)).toBeUndefined();
  });

  it('is refused when the others were measured at the same commit on another machine', async () => {
    const stored = (await readBenchBaseline(FIXTURE))!; // saved on another machine, recording no V8 version
    expect(partialSaveRefusal(stored, stored.provenance.gitCommit, currentFingerprint())).toMatch(
      /^baseline not saved: .* measured on another machine \(.*the baseline does not record its V8 version.*\): save the whole suite/,
    );
  });
});
