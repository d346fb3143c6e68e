/** The reference LLM client that gauntlet's stress suites exercise by default. */
export {
  createLlmClient,
  DEFAULT_BACKOFF,
  DEFAULT_MAX_CONCURRENCY,
  DEFAULT_BREAKER,
  type LlmClient,
  type LlmClientOptions,
  type LlmClientStats,
} from './client.ts';
export { referenceClientFactory, referenceClientOptionsSchema } from './factory.ts';
export {
  httpTransport,
  fetchTransport,
  type HttpTransportOptions,
  type Transport,
  type ChatCall,
  type ChatAnswer,
} from './transport.ts';
export { memoryCache, redisCache, cacheKey, type CacheStore } from './cache.ts';
export { backoffDelayMs, type BackoffOptions } from './backoff.ts';
export { LlmCallError, parseRetryAfter } from './errors.ts';
export { DEFAULT_PRICING, costUsd, type Pricing } from './pricing.ts';
export {
  RateLimiter,
  parseRateLimitHeaders,
  parseResetDuration,
  type RateLimitOptions,
  type RateLimitInfo,
} from './rate-limiter.ts';
