import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../harness/core/clock.ts';
import { parseRateLimitHeaders, parseResetDuration, RateLimiter } from './rate-limiter.ts';

/** Start `n` acquires at once and record when each one got through (virtual ms). */
async function grants(
  limiter: RateLimiter,
  clock: VirtualClock,
  costs: number[],
  horizonMs: number,
): Promise<number[]> {
  const at: number[] = [];
  const all = costs.map((c, i) => limiter.acquire(c).then(() => void (at[i] = clock.now())));
  for (let t = 0; t < horizonMs; t += 100) await clock.advance(100);
  await Promise.all(all);
  return at;
}

describe('RateLimiter (virtual clock)', () => {
  it('lets a minute of requests through, then one per 60/rpm seconds', async () => {
    const clock = new VirtualClock();
    const at = await grants(new RateLimiter({ requestsPerMinute: 2 }, clock), clock, [0, 0, 0, 0], 70_000);
    expect(at).toEqual([0, 0, 30_000, 60_000]);
  });

  it('budgets tokens per minute', async () => {
    const clock = new VirtualClock();
    // 100 tokens a minute: 60 now, the next 60 once 20 more have refilled (12 s).
    const at = await grants(new RateLimiter({ tokensPerMinute: 100 }, clock), clock, [60, 60], 20_000);
    expect(at).toEqual([0, 12_000]);
  });

  it('honours x-ratelimit remaining/reset and Retry-After from the server', async () => {
    const clock = new VirtualClock();
    const limiter = new RateLimiter({ requestsPerMinute: 600 }, clock);
    limiter.observe({ remainingRequests: 0, resetRequestsMs: 5_000 });
    expect(await grants(limiter, clock, [0], 6_000)).toEqual([5_000]);
    limiter.observe({ retryAfterMs: 2_000 });
    const t0 = clock.now();
    const [t] = await grants(limiter, clock, [0], 3_000);
    expect(t! - t0).toBe(2_000);
  });

  it("parses the providers' headers", () => {
    expect(parseResetDuration('6m0s')).toBe(360_000);
    expect(parseResetDuration('20ms')).toBe(20);
    expect(parseResetDuration('1.5s')).toBe(1_500);
    expect(parseResetDuration('soon')).toBeUndefined();
    const h = new Headers({
      'x-ratelimit-remaining-requests': '0',
      'x-ratelimit-reset-requests': '1s',
      'x-ratelimit-remaining-tokens': '900',
    });
    expect(parseRateLimitHeaders((n) => h.get(n))).toEqual({
      remainingRequests: 0,
      remainingTokens: 900,
      resetRequestsMs: 1_000,
      resetTokensMs: undefined,
    });
    expect(parseRateLimitHeaders(() => null)).toBeUndefined();
  });
});
