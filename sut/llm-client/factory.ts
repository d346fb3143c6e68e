import { z } from 'zod';
import { createRng } from '../../harness/core/rng.ts';
import type { ClientFactoryOptions } from '../../harness/stress/client-contract.ts';
import { memoryCache, redisCache } from './cache.ts';
import { createLlmClient, DEFAULT_MAX_CONCURRENCY, type LlmClient } from './client.ts';
import { httpTransport } from './transport.ts';

/** The keys a stress suite may set in `clientOptions` for the reference client. */
export const referenceClientOptionsSchema = z.strictObject({
  timeoutMs: z.number().positive().optional(),
  maxAttempts: z.number().int().min(1).optional(),
  maxConcurrency: z.number().int().min(1).optional(),
  backoff: z
    .strictObject({
      baseMs: z.number().min(0).optional(),
      maxMs: z.number().min(0).optional(),
      maxRetryAfterMs: z.number().min(0).optional(),
    })
    .optional(),
  breaker: z
    .strictObject({
      mode: z.enum(['consecutive', 'sampling']).optional(),
      consecutiveFailures: z.number().int().min(1).optional(),
      threshold: z.number().min(0).max(1).optional(),
      windowMs: z.number().positive().optional(),
      minimumRps: z.number().min(0).optional(),
      halfOpenAfterMs: z.number().positive().optional(),
    })
    .optional(),
  /** Client-side budgets: token buckets honouring the server's x-ratelimit-* and Retry-After. */
  rateLimit: z
    .strictObject({
      requestsPerMinute: z.number().positive().optional(),
      tokensPerMinute: z.number().positive().optional(),
    })
    .optional(),
  cache: z.boolean().default(true),
  cacheTtlMs: z.number().positive().optional(),
});

/** Stress-suite factory for the reference client: Redis cache when the suite started one, else in memory. */
export async function referenceClientFactory(o: ClientFactoryOptions): Promise<LlmClient> {
  const opts = referenceClientOptionsSchema.parse(o.options);
  const cache = opts.cache ? (o.redisUrl ? await redisCache(o.redisUrl) : memoryCache()) : undefined;
  return createLlmClient({
    // Its own keep-alive pool, one socket per request the client lets through; destroyed by close().
    transport: httpTransport(o.baseURL, { maxSockets: opts.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY }),
    clock: o.clock,
    random: createRng(o.seed).float,
    cache,
    timeoutMs: opts.timeoutMs,
    maxAttempts: opts.maxAttempts,
    maxConcurrency: opts.maxConcurrency,
    backoff: opts.backoff,
    breaker: opts.breaker,
    cacheTtlMs: opts.cacheTtlMs,
    ...(opts.rateLimit ? { rateLimit: opts.rateLimit } : {}),
  });
}
