import type { Clock } from '../../harness/core/clock.ts';

/** Client-side budgets, as the providers state them. */
export interface RateLimitOptions {
  requestsPerMinute?: number;
  tokensPerMinute?: number;
}

/** What a response said about the remaining budget (`x-ratelimit-*`, Retry-After). */
export interface RateLimitInfo {
  /** The budget per minute the server states (`x-ratelimit-limit-*`). */
  limitRequests?: number;
  limitTokens?: number;
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

/** Read `x-ratelimit-{limit,remaining,reset}-{requests,tokens}`; undefined when none is there. */
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
    limitRequests: num('x-ratelimit-limit-requests'),
    limitTokens: num('x-ratelimit-limit-tokens'),
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
 * budget or a Retry-After pauses every caller until the reset. A budget not configured is learnt
 * from the server's `x-ratelimit-limit-*` (until then it is unlimited). Time from the clock passed in.
 */
export class RateLimiter {
  private requestsPerMinute: number | undefined;
  private tokensPerMinute: number | undefined;
  private requests: number;
  private tokens: number;
  private last: number;
  private pausedUntil = 0;
  constructor(
    limits: RateLimitOptions,
    private readonly clock: Clock,
  ) {
    this.requestsPerMinute = limits.requestsPerMinute;
    this.tokensPerMinute = limits.tokensPerMinute;
    this.requests = limits.requestsPerMinute ?? Infinity;
    this.tokens = limits.tokensPerMinute ?? Infinity;
    this.last = clock.now();
  }

  private refill(): void {
    const now = this.clock.now();
    const dt = now - this.last;
    this.last = now;
    const rpm = this.requestsPerMinute;
    const tpm = this.tokensPerMinute;
    if (rpm) this.requests = Math.min(rpm, this.requests + (dt * rpm) / 60_000);
    if (tpm) this.tokens = Math.min(tpm, this.tokens + (dt * tpm) / 60_000);
  }

  /** Wait until one request costing `tokens` fits both budgets, then take it. */
  async acquire(tokens: number, signal?: AbortSignal): Promise<void> {
    for (;;) {
      this.refill();
      const rpm = this.requestsPerMinute;
      const tpm = this.tokensPerMinute;
      const cost = Math.min(tokens, tpm ?? Infinity);
      const now = this.clock.now();
      let wait = Math.max(0, this.pausedUntil - now);
      if (wait === 0 && rpm && this.requests < 1) wait = ((1 - this.requests) * 60_000) / rpm;
      if (wait === 0 && tpm && this.tokens < cost) wait = ((cost - this.tokens) * 60_000) / tpm;
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
    // A budget the caller did not configure is the server's; a bucket without a known budget
    // never refills, so it is only lowered once its budget is known.
    if (this.requestsPerMinute === undefined && info.limitRequests) {
      this.requestsPerMinute = info.limitRequests;
      this.requests = Math.min(this.requests, info.limitRequests);
    }
    if (this.tokensPerMinute === undefined && info.limitTokens) {
      this.tokensPerMinute = info.limitTokens;
      this.tokens = Math.min(this.tokens, info.limitTokens);
    }
    if (this.requestsPerMinute && info.remainingRequests !== undefined)
      this.requests = Math.min(this.requests, info.remainingRequests);
    if (this.tokensPerMinute && info.remainingTokens !== undefined)
      this.tokens = Math.min(this.tokens, info.remainingTokens);
    if (info.remainingRequests === 0 && info.resetRequestsMs !== undefined)
      this.pausedUntil = Math.max(this.pausedUntil, now + info.resetRequestsMs);
    if (info.remainingTokens === 0 && info.resetTokensMs !== undefined)
      this.pausedUntil = Math.max(this.pausedUntil, now + info.resetTokensMs);
    if (info.retryAfterMs !== undefined) this.pausedUntil = Math.max(this.pausedUntil, now + info.retryAfterMs);
  }
}
