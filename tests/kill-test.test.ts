import { describe, expect, it } from 'vitest';
import { killTest } from '../scripts/kill-test.ts';

// SIGKILL the real baseline and report writers at random points. The full figure (>= 100 kills)
// comes from `npx tsx scripts/kill-test.ts 200`; the test suite runs a shorter, seeded round.
describe('atomic writes under SIGKILL', () => {
  it('leaves every baseline and report whole (old or new version, never torn)', async () => {
    const r = await killTest(25, 11);
    expect(r.kills).toBe(25);
    expect(r.midStream).toBe(25);
    expect(r.torn).toBe(0);
    // At least the file each writer had finished before its kill; both files once both were written.
    expect(r.intact).toBeGreaterThanOrEqual(25);
  });

  it('catches a torn file when the writer is not atomic (the check can fail)', async () => {
    const r = await killTest(10, 12, 'plain');
    expect(r.torn).toBeGreaterThan(0);
  });
});
