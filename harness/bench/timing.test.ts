import { describe, expect, it } from 'vitest';
import { timeOn } from './timing.ts';

describe('timeOn', () => {
  it('with a known batch size, times batches of that many calls from the start on the CPU clock', async () => {
    let calls = 0;
    const fn = () => {
      calls++;
    };
    const t = await timeOn(fn, { time: 5, warmupTime: 0, iterations: 4, clock: 'cpu', batch: 16 });
    // One probe call (sync or async?), then whole batches only: no unbatched first pass.
    expect((calls - 1) % 16).toBe(0);
    expect(calls - 1).toBeGreaterThanOrEqual(16 * t.n);
    expect(t.clock).toBe('cpu');
  });

  it('ignores the batch size on the wall clock (per-call samples)', async () => {
    let calls = 0;
    const t = await timeOn(
      () => {
        calls++;
      },
      { time: 5, warmupTime: 0, iterations: 4, clock: 'wall', batch: 16 },
    );
    expect(t.clock).toBe('wall');
    expect(calls).toBeGreaterThanOrEqual(t.n);
    expect(calls).toBeLessThan(16 * t.n);
  });
});
