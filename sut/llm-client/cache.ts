import { createHash } from 'node:crypto';

/** Where cached answers live: in memory, or in Redis. */
export interface CacheStore {
  readonly kind: 'memory' | 'redis';
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  close(): Promise<void>;
}

/** Cache key of a request: a hash of the model, the messages and the token limit. */
export function cacheKey(model: string, messages: unknown, maxTokens?: number): string {
  return (
    'llm:' +
    createHash('sha256')
      .update(JSON.stringify([model, messages, maxTokens ?? null]))
      .digest('hex')
  );
}

export function memoryCache(now: () => number = Date.now): CacheStore {
  const map = new Map<string, { value: string; until: number }>();
  return {
    kind: 'memory',
    async get(key) {
      const e = map.get(key);
      if (!e) return undefined;
      if (e.until <= now()) {
        map.delete(key);
        return undefined;
      }
      return e.value;
    },
    async set(key, value, ttlMs) {
      map.set(key, { value, until: now() + ttlMs });
    },
    async close() {
      map.clear();
    },
  };
}

/** A cache in Redis (node-redis v5). Connects before returning. */
export async function redisCache(url: string): Promise<CacheStore> {
  const { createClient } = await import('redis');
  const client = createClient({ url, socket: { reconnectStrategy: false } });
  client.on('error', () => {}); // errors surface on the command that failed
  await client.connect();
  return {
    kind: 'redis',
    async get(key) {
      return (await client.get(key)) ?? undefined;
    },
    async set(key, value, ttlMs) {
      await client.set(key, value, { expiration: { type: 'PX', value: Math.max(1, Math.round(ttlMs)) } });
    },
    async close() {
      await client.quit().catch(() => client.destroy());
    },
  };
}
