import type { FailureCategory } from '../../harness/stress/client-contract.ts';
import type { RateLimitInfo } from './rate-limiter.ts';

/** An attempt that failed in a known way; `category` is what the stress report counts. */
export class LlmCallError extends Error {
  readonly category: FailureCategory;
  /** From `retry-after-ms` or `retry-after` (seconds), when the server sent one. */
  readonly retryAfterMs?: number;
  /** The response's `x-ratelimit-*` headers, when it had any. */
  readonly rateLimit?: RateLimitInfo;
  constructor(
    category: FailureCategory,
    message: string,
    options?: { retryAfterMs?: number; rateLimit?: RateLimitInfo; cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LlmCallError';
    this.category = category;
    this.retryAfterMs = options?.retryAfterMs;
    this.rateLimit = options?.rateLimit;
  }
}

/** Statuses worth another attempt (529 is Anthropic's "overloaded", a 503 in all but number). */
export const RETRYABLE: ReadonlySet<FailureCategory> = new Set<FailureCategory>([
  'timeout',
  'http_408',
  'http_429',
  'http_500',
  'http_502',
  'http_503',
  'http_504',
  'http_529',
  'connection_reset',
  'malformed_response',
  'truncated_stream',
]);

/** Failures that say the server is unhealthy (a 429 says we are too fast, not that it is down). */
export const COUNTS_FOR_BREAKER: ReadonlySet<FailureCategory> = new Set<FailureCategory>([
  'timeout',
  'http_500',
  'http_502',
  'http_503',
  'http_504',
  'http_529',
  'connection_reset',
]);

/** Retry-After as milliseconds: `retry-after-ms` first (OpenAI's), else `retry-after` in seconds or an HTTP date. */
export function parseRetryAfter(headers: { get(name: string): string | null }, now = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && /^\d+(\.\d+)?$/.test(ms.trim())) return Number(ms);
  const s = headers.get('retry-after');
  if (s === null) return undefined;
  if (/^\d+(\.\d+)?$/.test(s.trim())) return Number(s) * 1000;
  const date = Date.parse(s);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
