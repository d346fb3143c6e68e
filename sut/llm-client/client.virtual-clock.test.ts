import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { VirtualClock } from '../../harness/core/clock.ts';
import type { BreakerTransition } from '../../harness/stress/client-contract.ts';
import { backoffDelayMs } from './backoff.ts';
import { createLlmClient, type LlmClientOptions } from './client.ts';
import { LlmCallError } from './errors.ts';
import type { Transport } from './transport.ts';

// Backoff, Retry-After, timeouts and the breaker on a virtual clock: exact times, no sleeping.
// cockatiel reads Date.now for the breaker, so Date.now is pinned to the virtual clock.
let clock: VirtualClock;
beforeEach(() => {
  clock = new VirtualClock(1_000_000);
  vi.spyOn(Date, 'now').mockImplementation(() => clock.now());
});
afterEach(() => vi.restoreAllMocks());

const msg = [{ role: 'user' as const, content: 'hi' }];
const signal = new AbortController().signal;

/** A transport that plays a script of outcomes, one per attempt, and logs when each attempt started. */
function scripted(script: Array<'ok' | 'hang' | LlmCallError>) {
  const starts: number[] = [];
  const transport: Transport = (_call, sig) => {
    starts.push(clock.now());
    const step = script.shift() ?? 'ok';
    if (step === 'ok') return Promise.resolve({ text: 'answer', usage: { promptTokens: 10, completionTokens: 20 } });
    if (step === 'hang')
      return new Promise((_, reject) => sig.addEventListener('abort', () => reject(sig.reason), { once: true }));
    return Promise.reject(step);
  };
  return { transport, starts };
}

function client(transport: Transport, extra: Partial<LlmClientOptions> = {}) {
  return createLlmClient({ transport, clock, random: () => 0.5, timeoutMs: 1_000, maxAttempts: 3, ...extra });
}

describe('backoffDelayMs', () => {
  const opts = { baseMs: 100, maxMs: 1_000, maxRetryAfterMs: 5_000 };
  it('is full jitter under an exponential ceiling', () => {
    expect([0, 1, 2, 3, 4, 5].map((r) => backoffDelayMs(r, opts, () => 0.999999)!)).toEqual(
      [100, 200, 400, 800, 1000, 1000].map((c) => expect.closeTo(c, 2)),
    );
    expect(backoffDelayMs(3, opts, () => 0)).toBe(0);
  });
  it('never waits less than Retry-After, and gives up when it is too long', () => {
    expect(backoffDelayMs(0, opts, () => 0.5, 700)).toBe(700);
    expect(backoffDelayMs(4, opts, () => 0.9, 300)).toBe(900);
    expect(backoffDelayMs(0, opts, () => 0.5, 5_001)).toBeUndefined();
  });
});

describe('retries on a virtual clock', () => {
  it('retries 503s with exponential backoff: attempts at 0, 50, 150 ms', async () => {
    const { transport, starts } = scripted([
      new LlmCallError('http_503', '503'),
      new LlmCallError('http_503', '503'),
      'ok',
    ]);
    const c = client(transport);
    const t0 = clock.now();
    const p = c.call({ id: 0, messages: msg, stream: false, signal });
    await clock.advance(10_000);
    const r = await p;
    expect(r).toMatchObject({ outcome: 'success', attempts: 3, usage: { promptTokens: 10, completionTokens: 20 } });
    expect(starts.map((t) => t - t0)).toEqual([0, 50, 150]);
    expect(c.stats()).toMatchObject({ calls: 1, attempts: 3, promptTokens: 10, completionTokens: 20 });
    expect(c.stats().costUsd).toBeCloseTo((10 * 0.15 + 20 * 0.6) / 1e6, 15);
  });

  it.each(['http_429', 'http_503', 'http_529'] as const)('waits exactly Retry-After on a %s', async (category) => {
    const { transport, starts } = scripted([new LlmCallError(category, category, { retryAfterMs: 700 }), 'ok']);
    const t0 = clock.now();
    const p = client(transport).call({ id: 0, messages: msg, stream: false, signal });
    await clock.advance(699);
    expect(starts).toHaveLength(1);
    await clock.advance(1);
    expect(starts.map((t) => t - t0)).toEqual([0, 700]);
    expect(await p).toMatchObject({ outcome: 'success', attempts: 2 });
  });

  it('times an attempt out at exactly timeoutMs, then fails as timeout after the last attempt', async () => {
    const { transport, starts } = scripted(['hang', 'hang']);
    const t0 = clock.now();
    const p = client(transport, { maxAttempts: 2 }).call({ id: 0, messages: msg, stream: false, signal });
    await clock.advance(999);
    expect(starts).toHaveLength(1);
    await clock.advance(1 + 50);
    expect(starts.map((t) => t - t0)).toEqual([0, 1050]);
    await clock.advance(1_000);
    expect(await p).toEqual({ outcome: 'failure', failure: 'timeout', attempts: 2 });
  });

  it('does not retry a 400, nor a stream that already delivered tokens', async () => {
    expect(
      await client(scripted([new LlmCallError('http_400', '400')]).transport).call({
        id: 0,
        messages: msg,
        stream: false,
        signal,
      }),
    ).toEqual({
      outcome: 'failure',
      failure: 'http_400',
      attempts: 1,
    });
    const streaming: Transport = (call) => {
      call.onToken?.('tok0');
      return Promise.reject(new LlmCallError('truncated_stream', 'cut'));
    };
    const r = await client(streaming).call({ id: 1, messages: msg, stream: true, signal });
    expect(r).toEqual({ outcome: 'failure', failure: 'truncated_stream', attempts: 1 });
  });
});

describe('circuit breaker on a virtual clock', () => {
  it('opens after 3 consecutive failures, answers the fallback while open, half-opens after 1 s and closes on a good trial', async () => {
    const fail = () => new LlmCallError('http_503', '503');
    const { transport, starts } = scripted([fail(), fail(), fail(), fail(), 'ok']);
    const c = client(transport, {
      maxAttempts: 1,
      breaker: { mode: 'consecutive', consecutiveFailures: 3, halfOpenAfterMs: 1_000 },
    });
    const seen: Array<BreakerTransition & { at: number }> = [];
    const t0 = clock.now();
    c.onBreakerTransition!((t) => seen.push({ ...t, at: clock.now() - t0 }));
    const call = () => c.call({ id: 0, messages: msg, stream: false, signal });

    for (let i = 0; i < 3; i++) expect((await call()).failure).toBe('http_503');
    expect(c.breakerState).toBe('open');
    await clock.advance(999);
    expect(await call()).toMatchObject({ outcome: 'fallback', failure: 'breaker_open', attempts: 0 });
    await clock.advance(1);
    // Half-open: one trial; it fails, so the breaker opens again for another second.
    expect((await call()).failure).toBe('http_503');
    await clock.advance(500);
    expect((await call()).outcome).toBe('fallback');
    await clock.advance(500);
    expect((await call()).outcome).toBe('success');
    expect(c.breakerState).toBe('closed');
    expect(starts).toHaveLength(5);
    expect(seen.map(({ from, to, at }) => [from, to, at])).toEqual([
      ['closed', 'open', 0],
      ['open', 'half-open', 1000],
      ['half-open', 'open', 1000],
      ['open', 'half-open', 2000],
      ['half-open', 'closed', 2000],
    ]);
    expect(seen[0]!.cause).toBe('3 consecutive failures (last: http_503)');
    expect(seen[2]!.cause).toBe('trial call failed (http_503)');
    expect(c.stats().fallbacks).toBe(2);
  });

  it('429s do not open the breaker', async () => {
    const { transport } = scripted(Array.from({ length: 10 }, () => new LlmCallError('http_429', '429')));
    const c = client(transport, { maxAttempts: 1, breaker: { mode: 'consecutive', consecutiveFailures: 3 } });
    for (let i = 0; i < 10; i++) await c.call({ id: i, messages: msg, stream: false, signal });
    expect(c.breakerState).toBe('closed');
  });

  it('529 overloaded opens it like a 503', async () => {
    const { transport } = scripted(Array.from({ length: 3 }, () => new LlmCallError('http_529', '529')));
    const c = client(transport, { maxAttempts: 1, breaker: { mode: 'consecutive', consecutiveFailures: 3 } });
    for (let i = 0; i < 3; i++) await c.call({ id: i, messages: msg, stream: false, signal });
    expect(c.breakerState).toBe('open');
  });
});
