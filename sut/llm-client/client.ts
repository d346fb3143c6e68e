import { BrokenCircuitError } from 'cockatiel';
import { realClock, type Clock } from '../../harness/core/clock.ts';
import type {
  BreakerState,
  BreakerTransition,
  StressCallRequest,
  StressCallResult,
  StressClient,
} from '../../harness/stress/client-contract.ts';
import { backoffDelayMs, type BackoffOptions } from './backoff.ts';
import { createBreaker, type BreakerOptions } from './breaker.ts';
import { cacheKey, type CacheStore } from './cache.ts';
import { LlmCallError, RETRYABLE } from './errors.ts';
import { costUsd, DEFAULT_PRICING, type Pricing } from './pricing.ts';
import { RateLimiter, type RateLimitOptions } from './rate-limiter.ts';
import { Semaphore } from './semaphore.ts';
import type { ChatAnswer, ChatCall, Transport } from './transport.ts';

export interface LlmClientOptions {
  transport: Transport;
  model?: string;
  /** Time for timeouts and backoff sleeps (the breaker's own timing is cockatiel's: Date.now). */
  clock?: Clock;
  /** Uniform [0, 1) for jitter; pass a seeded one (`createRng(seed).float`). */
  random: () => number;
  /** Per-attempt deadline, ms. */
  timeoutMs?: number;
  /** Attempts per call, the first included. */
  maxAttempts?: number;
  backoff?: Partial<BackoffOptions>;
  breaker?: Partial<BreakerOptions>;
  /** Requests in flight at once; further attempts wait. Default DEFAULT_MAX_CONCURRENCY. */
  maxConcurrency?: number;
  cache?: CacheStore;
  cacheTtlMs?: number;
  pricing?: Pricing;
  /** What the caller gets while the breaker is open. */
  fallbackText?: string;
  /** Client-side token buckets (requests and tokens per minute), corrected by x-ratelimit-* and Retry-After. */
  rateLimit?: RateLimitOptions;
}

export interface LlmClientStats {
  calls: number;
  attempts: number;
  cacheHits: number;
  cacheMisses: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  fallbacks: number;
}

export interface LlmClient extends StressClient {
  readonly breakerState: BreakerState;
  stats(): LlmClientStats;
}

export const DEFAULT_MAX_CONCURRENCY = 64;
/** Why an attempt's timeout timer is cancelled: the attempt settled. */
const ATTEMPT_SETTLED = new Error('attempt settled');
export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 100, maxMs: 2_000, maxRetryAfterMs: 5_000 };
/**
 * minimumRps 50: the window must hold 50 calls before its failure ratio can open the breaker. With
 * 10 (cockatiel's usual figure), 1,000 calls started at once against an error rate of 1.5% tripped
 * it at cold start: error answers come back in a millisecond, successes after ~40 ms, so the first
 * ten completions were all failures (found by the steady-1000 stress scenario once the transport got
 * fast enough for the calls to really start together).
 */
export const DEFAULT_BREAKER: BreakerOptions = {
  mode: 'sampling',
  consecutiveFailures: 5,
  threshold: 0.5,
  windowMs: 1_000,
  minimumRps: 50,
  halfOpenAfterMs: 1_000,
};

/**
 * The reference LLM client: per-attempt timeout, retries with exponential backoff and full jitter
 * that honour Retry-After, a circuit breaker (cockatiel) with a fallback answer while open, a
 * concurrency limit, token and cost accounting, and a response cache (non-streaming calls).
 * Composition, outside in: cache → retry loop → breaker → concurrency limit → timeout → transport.
 */
export function createLlmClient(options: LlmClientOptions): LlmClient {
  const clock = options.clock ?? realClock;
  const model = options.model ?? 'gauntlet-mock-1';
  const timeoutMs = options.timeoutMs ?? 2_000;
  const maxAttempts = options.maxAttempts ?? 3;
  const backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
  const pricing = options.pricing ?? DEFAULT_PRICING;
  const fallbackText = options.fallbackText ?? 'The assistant is busy right now; please try again in a moment.';
  const cacheTtlMs = options.cacheTtlMs ?? 60_000;
  const limiter = new Semaphore(options.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY);
  const rate = options.rateLimit ? new RateLimiter(options.rateLimit, clock) : undefined;
  const listeners: Array<(t: BreakerTransition) => void> = [];
  let breakerState: BreakerState = 'closed';
  const breaker = createBreaker({ ...DEFAULT_BREAKER, ...options.breaker }, (t) => {
    breakerState = t.to;
    for (const l of listeners) l(t);
  });
  const stats: LlmClientStats = {
    calls: 0,
    attempts: 0,
    cacheHits: 0,
    cacheMisses: 0,
    promptTokens: 0,
    completionTokens: 0,
    costUsd: 0,
    fallbacks: 0,
  };

  async function attempt(call: ChatCall, outer: AbortSignal): Promise<ChatAnswer> {
    stats.attempts++;
    const attemptAbort = new AbortController();
    const timerAbort = new AbortController();
    // A listener, not AbortSignal.any: on Node 20, any() over a long-lived signal shared by
    // thousands of calls gets slower with every call (its dependants pile up).
    const onOuter = () => attemptAbort.abort(outer.reason);
    outer.addEventListener('abort', onOuter, { once: true });
    clock.sleep(timeoutMs, timerAbort.signal).then(
      () => attemptAbort.abort(new LlmCallError('timeout', `no complete answer within ${timeoutMs} ms`)),
      () => {},
    );
    try {
      return await options.transport(call, attemptAbort.signal);
    } finally {
      // With a reason: abort() without one builds a DOMException (and its stack) every attempt.
      timerAbort.abort(ATTEMPT_SETTLED);
      outer.removeEventListener('abort', onOuter);
    }
  }

  async function call(req: StressCallRequest): Promise<StressCallResult> {
    stats.calls++;
    const key = options.cache && !req.stream ? cacheKey(model, req.messages, req.maxTokens) : undefined;
    if (key) {
      const hit = await options.cache!.get(key).catch(() => undefined);
      if (hit !== undefined) {
        stats.cacheHits++;
        return { outcome: 'success', text: hit, cached: true, attempts: 0 };
      }
      stats.cacheMisses++;
    }
    let tokensSeen = false;
    const chatCall: ChatCall = {
      model,
      messages: req.messages,
      maxTokens: req.maxTokens,
      stream: req.stream,
      ...(req.headers ? { headers: req.headers } : {}),
      onToken: (t) => {
        tokensSeen = true;
        req.onToken?.(t);
      },
    };
    // Counted per call: the shared stats.attempts moves with every concurrent call.
    let attempts = 0;
    // Token estimate for the budget: ~4 characters a token for the prompt and 3 per message (the
    // chat format's overhead, as OpenAI's token-counting cookbook counts it), plus the answer's cap.
    const estimate =
      Math.ceil(req.messages.reduce((n, m) => n + m.content.length, 0) / 4) +
      3 * req.messages.length +
      (req.maxTokens ?? 256);
    const counted = async () => {
      attempts++;
      try {
        const answer = await attempt(chatCall, req.signal);
        if (answer.rateLimit) rate?.observe(answer.rateLimit);
        return answer;
      } catch (e) {
        if (rate && e instanceof LlmCallError)
          rate.observe({
            ...e.rateLimit,
            ...(e.category === 'http_429' && e.retryAfterMs !== undefined ? { retryAfterMs: e.retryAfterMs } : {}),
          });
        throw e;
      }
    };
    for (let retry = 0; ; retry++) {
      try {
        if (rate) await rate.acquire(estimate, req.signal);
        const answer = await breaker.execute(() => limiter.run(counted));
        const p = answer.usage?.promptTokens ?? 0;
        const c = answer.usage?.completionTokens ?? 0;
        const cost = costUsd(pricing, p, c);
        stats.promptTokens += p;
        stats.completionTokens += c;
        stats.costUsd += cost;
        if (key) await options.cache!.set(key, answer.text, cacheTtlMs).catch(() => {});
        return { outcome: 'success', text: answer.text, usage: answer.usage, costUsd: cost, attempts };
      } catch (e) {
        if (e instanceof BrokenCircuitError) {
          stats.fallbacks++;
          return { outcome: 'fallback', failure: 'breaker_open', text: fallbackText, attempts };
        }
        if (req.signal.aborted) return { outcome: 'failure', failure: 'other', attempts };
        const category = e instanceof LlmCallError ? e.category : 'other';
        // A stream that already delivered tokens cannot be replayed to the caller.
        if (!RETRYABLE.has(category) || retry + 1 >= maxAttempts || tokensSeen)
          return { outcome: 'failure', failure: category, attempts };
        const delay = backoffDelayMs(
          retry,
          backoff,
          options.random,
          e instanceof LlmCallError ? e.retryAfterMs : undefined,
        );
        if (delay === undefined) return { outcome: 'failure', failure: category, attempts };
        try {
          await clock.sleep(delay, req.signal);
        } catch {
          return { outcome: 'failure', failure: 'other', attempts };
        }
      }
    }
  }

  return {
    call,
    get breakerState() {
      return breakerState;
    },
    onBreakerTransition: (l) => void listeners.push(l),
    stats: () => ({ ...stats }),
    /** Closes the transport (its connection pool) and the cache. */
    async close() {
      await options.transport.close?.();
      await options.cache?.close();
    },
  };
}
