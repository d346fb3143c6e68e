import { describe, expect, it } from 'vitest';
import { has, redisServer } from '../../harness/core/__fixtures__/optional-programs.ts';
import { provideRedis } from '../../harness/stress/redis-provider.ts';
import { cacheKey, memoryCache, redisCache } from './cache.ts';

describe('response cache', () => {
  it('keys on model, messages and token limit', () => {
    const m = [{ role: 'user', content: 'a' }];
    expect(cacheKey('x', m, 5)).toBe(cacheKey('x', [{ role: 'user', content: 'a' }], 5));
    expect(
      new Set([
        cacheKey('x', m, 5),
        cacheKey('y', m, 5),
        cacheKey('x', m, 6),
        cacheKey('x', [{ role: 'user', content: 'b' }], 5),
      ]).size,
    ).toBe(4);
  });

  it('memory entries expire after their TTL', async () => {
    let now = 0;
    const c = memoryCache(() => now);
    await c.set('k', 'v', 100);
    now = 99;
    expect(await c.get('k')).toBe('v');
    now = 100;
    expect(await c.get('k')).toBeUndefined();
  });

  it.runIf(has(redisServer))('Redis entries round-trip and expire (local redis-server)', async () => {
    const redis = await provideRedis('redis-server');
    const c = await redisCache(redis.url!);
    try {
      expect(c.kind).toBe('redis');
      await c.set('k', 'answer', 60_000);
      await c.set('short', 'x', 1);
      expect(await c.get('k')).toBe('answer');
      await new Promise((r) => setTimeout(r, 20));
      expect(await c.get('short')).toBeUndefined();
      expect(await c.get('missing')).toBeUndefined();
    } finally {
      await c.close();
      await redis.stop();
    }
  });
});
