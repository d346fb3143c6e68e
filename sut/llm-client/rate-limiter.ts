import type { Clock } from '../../harness/core/clock.ts';

/** Client-side budgets, as the providers state them. */
export interface RateLimitOptions {
  requestsPerMinute?: number;
  tokensPerMinute?: number;
}

/** What a response said about the remaining budget (`x-ratelimit-*`, Retry-After). */
export interface RateLimitInfo {
  remainingRequests?: number;
  remainingTokens?: number;
  /** Until the request / token budget is full again, ms. */
  resetRequestsMs?: number;
  resetTokensMs?: number;
  retryAfterMs?: number;
}

/** OpenAI's reset durations: `1s`, `6m0s`, `20ms`, `1h2m3.5s`. */
export function parseResetDuration(v: string): number | undefined {
  const re = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;
  let total = 0;
  let matched = '';
  for (let m; (m = re.exec(v));) {
    total += Number(m[1]) * { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
    matched += m[0];
  }
  return matched.length > 0 && matched === v.trim() ? total : undefined;
}

/** Read `x-ratelimit-remaining-{requests,tokens}` and `x-ratelimit-reset-{requests,tokens}`; undefined when none is there. */
export function parseRateLimitHeaders(get: (name: string) => string | null): RateLimitInfo | undefined {
  const num = (n: string) => {
    const v = get(n);
    return v !== null && /^\d+$/.test(v.trim()) ? Number(v) : undefined;
  };
  const dur = (n: string) => {
    const v = get(n);
    return v === null ? undefined : parseResetDuration(v);
  };
  const info: RateLimitInfo = {
    remainingRequests: num('x-ratelimit-remaining-requests'),
    remainingTokens: num('x-ratelimit-remaining-tokens'),
    resetRequestsMs: dur('x-ratelimit-reset-requests'),
    resetTokensMs: dur('x-ratelimit-reset-tokens'),
  };
  return Object.values(info).some((x) => x !== undefined) ? info : undefined;
}

/**
 * Token buckets for requests and tokens per minute (capacity one minute's budget, refilled
 * continuously), corrected by what the server says: a remaining count lowers the bucket, an empty
 * budget or a Retry-After pauses every caller until the reset. Time from the clock passed in.
 */
export class RateLimiter {
  private requests: number;
  private tokens: number;
  private last: number;
  private pausedUntil = 0;
  constructor(
    private readonly limits: RateLimitOptions,
    private readonly clock: Clock,
  ) {
    this.requests = limits.requestsPerMinute ?? Infinity;
    this.tokens = limits.tokensPerMinute ?? Infinity;
    this.last = clock.now();
  }

  private refill(): void {
    const now = this.clock.now();
    const dt = now - this.last;
    this.last = now;
    if (this.limits.requestsPerMinute)
      this.requests = Math.min(
        this.limits.requestsPerMinute,
        this.requests + (dt * this.limits.requestsPerMinute) / 60_000,
      );
    if (this.limits.tokensPerMinute)
      this.tokens = Math.min(this.limits.tokensPerMinute, this.tokens + (dt * this.limits.tokensPerMinute) / 60_000);
  }

  /** Wait until one request costing `tokens` fits both budgets, then take it. */
  async acquire(tokens: number, signal?: AbortSignal): Promise<void> {
    const cost = Math.min(tokens, this.limits.tokensPerMinute ?? Infinity);
    for (;;) {
      this.refill();
      const now = this.clock.now();
      let wait = Math.max(0, this.pausedUntil - now);
      if (wait === 0 && this.requests < 1) wait = ((1 - this.requests) * 60_000) / this.limits.requestsPerMinute!;
      if (wait === 0 && this.tokens < cost) wait = ((cost - this.tokens) * 60_000) / this.limits.tokensPerMinute!;
      if (wait === 0) {
        this.requests -= 1;
        this.tokens -= cost;
        return;
      }
      await this.clock.sleep(Math.ceil(wait), signal);
    }
  }

  /** Take in what a response said about the budget. */
  observe(info: RateLimitInfo): void {
    this.refill();
    const now = this.clock.now();
    if (info.remainingRequests !== undefined) this.requests = Math.min(this.requests, info.remainingRequests);
    if (info.remainingTokens !== undefined) this.tokens = Math.min(this.tokens, info.remainingTokens);
    if (info.remainingRequests === 0 && info.resetRequestsMs !== undefined)
      this.pausedUntil = Math.max(this.pausedUntil, now + info.resetRequestsMs);
    if (info.remainingTokens === 0 && info.resetTokensMs !== undefined)
      this.pausedUntil = Math.max(this.pausedUntil, now + info.resetTokensMs);
    if (info.retryAfterMs !== undefined) this.pausedUntil = Math.max(this.pausedUntil, now + info.retryAfterMs);
  }
}
