/**
 * The n/2n fallback's in-process part on a virtual clock: process 1 sizes warm-up and loop from CPU
 * time, process 2 repeats the warm-up it is told and runs the loop twice; the per-operation figure is
 * the difference of the two totals over n. The end-to-end check under valgrind is in instructions.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { loopForDifference, perOperation } from './difference.ts';

/** A clock that advances `perCall` ms for every call of the benchmark. */
function virtual(perCall: number) {
  let t = 0;
  let calls = 0;
  return { fn: () => void ((t += perCall), calls++), now: () => t, calls: () => calls };
}

describe('n/2n difference', () => {
  it('sizes the loop from the warmed-up calls, not the first ones', async () => {
    // The first 7 calls cost 100 ms each (code being translated and compiled), then 1 ms.
    let t = 0;
    let calls = 0;
    const fn = () => void (t += calls++ < 8 ? 100 : 1);
    const s = await loopForDifference(fn, 1, undefined, () => t);
    expect(s.iterations).toBe(2 ** 12); // 3 s at 1 ms per call (2^round(log2 3000))
  });

  it('process 1 sizes from CPU time; process 2 runs the same warm-up and twice the loop', async () => {
    const a = virtual(0.25);
    const one = await loopForDifference(a.fn, 1, undefined, a.now);
    // Warm-up in batches of 1, 2, 4, ... until 500 ms (2047 calls at 0.25 ms), after one probe call;
    // the loop aims at 3 s: 2^round(log2(12000)).
    expect(one.warmup).toBe(2047);
    expect(one.iterations).toBe(2 ** 14);
    expect(a.calls()).toBe(1 + one.warmup + one.iterations);
    // Process 2 is slower (a busy machine): it still runs exactly the sizes it is given.
    const b = virtual(1);
    const two = await loopForDifference(b.fn, 2, one, b.now);
    expect(two).toEqual(one);
    expect(b.calls()).toBe(1 + one.warmup + 2 * one.iterations);
    expect(b.calls() - a.calls()).toBe(one.iterations);
  });

  it('awaits an async benchmark on every call, and warms up at least 15 calls however slow', async () => {
    let t = 0;
    let settled = 0;
    const fn = async () => {
      t += 5_000;
      await Promise.resolve();
      settled++;
    };
    const s = await loopForDifference(fn, 2, undefined, () => t);
    // At least 15 warm-up calls (1 + 2 + 4 + 8), whatever each costs.
    expect(s).toEqual({ warmup: 15, iterations: 1 });
    expect(settled).toBe(1 + 15 + 2);
  });

  it('divides the difference of the totals by n, per event', () => {
    expect(perOperation({ Ir: 3e9, I1mr: 10 }, { Ir: 3e9 + 4e6, I1mr: 14 }, 1_000)).toEqual({ Ir: 4_000, I1mr: 0.004 });
  });
});
