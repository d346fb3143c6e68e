import type { Clock } from '../../harness/core/clock.ts';
import { backoffDelayMs } from '../llm-client/backoff.ts';
import type { AlertPayload } from './alert-payload.ts';

export interface DeliveryResult {
  ok: boolean;
  attempts: number;
  /** Why the last attempt failed. */
  error?: string;
}

/** Something that delivers an alert payload; resolves (never rejects) with how it went. */
export interface AlertChannel {
  readonly name: string;
  deliver(payload: AlertPayload): Promise<DeliveryResult>;
}

export interface WebhookChannelOptions {
  url: string;
  name?: string;
  /** Attempts per alert, the first included. Default 4. */
  maxAttempts?: number;
  /** Backoff between attempts (full jitter, as the LLM client): first retry up to baseMs, capped at maxMs. Defaults 1 s and 60 s. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Real time an attempt may take before it is abandoned (a hung receiver). Default 5,000 ms. */
  timeoutMs?: number;
  /** Backoff waits run on this clock (a VirtualClock in simulations and tests). */
  clock: Clock;
  /** Uniform [0, 1) source for the jitter. */
  random: () => number;
  headers?: Record<string, string>;
}

/**
 * Delivers an alert as a JSON POST. A 2xx answer is delivered; a network error, a timeout, a 5xx or
 * a 429 is retried with backoff; another 4xx is not retried (the payload will not become valid).
 */
export class WebhookChannel implements AlertChannel {
  readonly name: string;
  readonly #o: WebhookChannelOptions;

  constructor(o: WebhookChannelOptions) {
    this.#o = o;
    this.name = o.name ?? `webhook ${new URL(o.url).host}`;
  }

  async deliver(payload: AlertPayload): Promise<DeliveryResult> {
    const max = Math.max(1, this.#o.maxAttempts ?? 4);
    let error = '';
    for (let attempt = 1; attempt <= max; attempt++) {
      const outcome = await this.#attempt(payload);
      if (outcome.ok) return { ok: true, attempts: attempt };
      error = outcome.error;
      if (!outcome.retry || attempt === max) return { ok: false, attempts: attempt, error };
      const wait = backoffDelayMs(
        attempt - 1,
        { baseMs: this.#o.backoffBaseMs ?? 1_000, maxMs: this.#o.backoffMaxMs ?? 60_000, maxRetryAfterMs: Infinity },
        this.#o.random,
      );
      await this.#o.clock.sleep(wait ?? 0);
    }
    return { ok: false, attempts: max, error };
  }

  async #attempt(payload: AlertPayload): Promise<{ ok: true } | { ok: false; retry: boolean; error: string }> {
    try {
      const res = await fetch(this.#o.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...this.#o.headers },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(this.#o.timeoutMs ?? 5_000),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return { ok: true };
      return { ok: false, retry: res.status >= 500 || res.status === 429, error: `HTTP ${res.status}` };
    } catch (e) {
      const err = e as Error;
      return {
        ok: false,
        retry: true,
        error:
          err.name === 'TimeoutError'
            ? `timed out after ${this.#o.timeoutMs ?? 5_000} ms`
            : `${err.message}${err.cause instanceof Error ? `: ${err.cause.message}` : ''}`,
      };
    }
  }
}
