import { describe, expect, it } from 'vitest';
import { killTest } from '../scripts/kill-test.ts';

// SIGKILL the real baseline and report writers at random points. The full figure (>= 100 kills)
// comes from `npx tsx scripts/kill-test.ts 200`; the test suite runs a shorter, seeded round. Each kill is
// one writer process (~1-3 s). 10 kills are enough for a writer that is not atomic to show: a plain write
// left a torn file in 7 of 20 checks over 10 kills (load 19), so 10 whole rounds of 2 files each would
// happen by chance with probability about 0.65^20 < 1e-3.
describe('atomic writes under SIGKILL', () => {
  it('leaves every baseline and report whole (old or new version, never torn)', async () => {
    const r = await killTest(10, 11);
    expect(r.kills).toBe(10);
    expect(r.midStream).toBe(10);
    expect(r.torn).toBe(0);
    // At least the file each writer had finished before its kill; both files once both were written.
    expect(r.intact).toBeGreaterThanOrEqual(10);
  });

  it('catches a torn file when the writer is not atomic (the check can fail)', async () => {
    const r = await killTest(10, 12, 'plain');
    expect(r.torn).toBeGreaterThan(0);
  });
});
