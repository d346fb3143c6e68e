import type { Provider } from './route.ts';

export interface QuotaLimits {
  requestsPerMinute?: number | undefined;
  tokensPerMinute?: number | undefined;
}

export interface QuotaAnswer {
  ok: boolean;
  /** Rate-limit headers in the provider's names (and retry-after when refused). */
  headers: Record<string, string>;
  /** When refused: how long until the request would fit, ms. */
  retryAfterMs: number;
}

interface Bucket {
  level: number;
  at: number;
}

/** `6m0s`, `1.5s`, `120ms`: how OpenAI writes x-ratelimit-reset-*. */
export function openaiDuration(ms: number): string {
  if (ms < 1000) return `${Math.ceil(ms)}ms`;
  const s = ms / 1000;
  if (s < 60) return `${Number(s.toFixed(3))}s`;
  return `${Math.floor(s / 60)}m${Number((s % 60).toFixed(3))}s`;
}

/**
 * Per-key request and token quotas as token buckets refilled continuously (a minute's allowance
 * per minute, full at start), on the clock passed in: deterministic on a virtual clock. Holds at
 * most `maxKeys` keys (the oldest forgotten).
 */
export class QuotaBook {
  private readonly keys = new Map<string, { req: Bucket; tok: Bucket }>();
  constructor(
    private readonly limits: QuotaLimits,
    private readonly maxKeys = 10_000,
  ) {}

  /** Try to admit a request of `tokens` tokens (prompt + expected output) for `key` at `nowMs`. */
  admit(key: string, tokens: number, nowMs: number, provider: Provider): QuotaAnswer {
    let b = this.keys.get(key);
    if (!b) {
      b = {
        req: { level: this.limits.requestsPerMinute ?? 0, at: nowMs },
        tok: { level: this.limits.tokensPerMinute ?? 0, at: nowMs },
      };
      this.keys.set(key, b);
      if (this.keys.size > this.maxKeys) this.keys.delete(this.keys.keys().next().value!);
    }
    const rpm = this.limits.requestsPerMinute;
    const tpm = this.limits.tokensPerMinute;
    refill(b.req, rpm, nowMs);
    refill(b.tok, tpm, nowMs);
    let wait = 0;
    if (rpm !== undefined && b.req.level < 1) wait = Math.max(wait, ((1 - b.req.level) * 60_000) / rpm);
    if (tpm !== undefined && b.tok.level < Math.min(tokens, tpm))
      wait = Math.max(wait, ((Math.min(tokens, tpm) - b.tok.level) * 60_000) / tpm);
    const ok = wait === 0;
    if (ok) {
      if (rpm !== undefined) b.req.level -= 1;
      if (tpm !== undefined) b.tok.level -= Math.min(tokens, tpm);
    }
    const headers: Record<string, string> = {};
    const put = (what: 'requests' | 'tokens', limit: number | undefined, bucket: Bucket) => {
      if (limit === undefined) return;
      const remaining = Math.max(0, Math.floor(bucket.level));
      const resetMs = ((limit - bucket.level) * 60_000) / limit;
      if (provider === 'anthropic') {
        headers[`anthropic-ratelimit-${what}-limit`] = String(limit);
        headers[`anthropic-ratelimit-${what}-remaining`] = String(remaining);
        headers[`anthropic-ratelimit-${what}-reset`] = new Date(nowMs + resetMs).toISOString().replace(/\.\d+Z$/, 'Z');
      } else {
        headers[`x-ratelimit-limit-${what}`] = String(limit);
        headers[`x-ratelimit-remaining-${what}`] = String(remaining);
        headers[`x-ratelimit-reset-${what}`] = openaiDuration(resetMs);
      }
    };
    put('requests', rpm, b.req);
    put('tokens', tpm, b.tok);
    if (!ok) {
      headers['retry-after'] = String(Math.ceil(wait / 1000));
      if (provider === 'openai') headers['retry-after-ms'] = String(Math.ceil(wait));
    }
    return { ok, headers, retryAfterMs: wait };
  }
}

function refill(b: Bucket, perMinute: number | undefined, now: number): void {
  if (perMinute === undefined) return;
  b.level = Math.min(perMinute, b.level + ((now - b.at) * perMinute) / 60_000);
  b.at = now;
}
