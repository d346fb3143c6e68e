import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBenchBaseline } from '../baseline.ts';
import { partialSaveRefusal } from './persist.ts';

const FIXTURE = join(import.meta.dirname, '..', '__fixtures__', 'bench-baseline-v1-other-machine.json');

describe('a save of some benchmarks (-t, a shard)', () => {
  it('is refused when the stored figures of the others were measured at another commit', async () => {
    const stored = await readBenchBaseline(FIXTURE);
    const was = stored?.provenance.gitCommit;
    expect(was).toBe('97819d86e2cdbc46f615d6f4361fd477dc37e5a7');
    expect(partialSaveRefusal(stored, 'f'.repeat(40))).toMatch(
      /^baseline not saved: .* measured at 97819d86e2cd, not at ffffffffffff: save the whole suite/,
    );
    expect(partialSaveRefusal(stored, undefined)).toContain('not at this uncommitted tree');
    expect(partialSaveRefusal(stored, was)).toBeUndefined();
    expect(partialSaveRefusal(undefined, 'f'.repeat(40))).toBeUndefined();
  });
});
