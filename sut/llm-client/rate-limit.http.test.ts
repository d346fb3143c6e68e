import { setMaxListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { VirtualClock } from '../../harness/core/clock.ts';
import type { StressCallResult } from '../../harness/stress/client-contract.ts';
import { startMockServer, type MockServer } from '../../harness/stress/mock-server.ts';
import { createLlmClient, type LlmClientOptions } from './client.ts';
import { httpTransport, type Transport } from './transport.ts';

// The reference client's limiter against the mock's per-key quotas over real HTTP on 127.0.0.1.
// Client and mock share one virtual clock: a minute of quota takes no real time. The clock moves
// only while no request is in flight, so every request reaches the mock at the virtual time the
// client sent it (or later, which only favours the client). cockatiel's breaker reads Date.now:
// pinned to the same clock.
let clock: VirtualClock;
let server: MockServer | undefined;
beforeEach(() => {
  clock = new VirtualClock(1_000_000);
  vi.spyOn(Date, 'now').mockImplementation(() => clock.now());
});
afterEach(async () => {
  vi.restoreAllMocks();
  await server?.close();
  server = undefined;
});

const RPM = 10;
const TPM = 1_000;
const CALLS = 30;
// 40 characters and one message: 10 + 3 prompt tokens, plus max_tokens 100: 113 tokens a call
// as the mock counts them, so the token budget admits 8 a minute and binds before the request one.
const message = [{ role: 'user' as const, content: 'x'.repeat(40) }];

async function runCalls(client: Partial<LlmClientOptions>): Promise<{ results: StressCallResult[]; quota429: number }> {
  server = await startMockServer({
    profile: { completionTokens: 4, quota: { requestsPerMinute: RPM, tokensPerMinute: TPM } },
    clock,
  });
  const http = httpTransport(`${server.url}/v1`, { apiKey: 'team-a' });
  let inFlight = 0;
  const transport: Transport = Object.assign(
    (call: Parameters<Transport>[0], signal: AbortSignal) => {
      inFlight++;
      return http(call, signal).finally(() => inFlight--);
    },
    { close: http.close },
  );
  const llm = createLlmClient({ transport, clock, random: () => 0.5, timeoutMs: 5_000, ...client });
  const run = new AbortController();
  setMaxListeners(CALLS * 4, run.signal);
  const signal = run.signal;
  let settled = 0;
  const all = Array.from({ length: CALLS }, (_, id) =>
    llm.call({ id, messages: message, maxTokens: 100, stream: id % 2 === 1, signal }).finally(() => settled++),
  );
  // Virtual time moves in 250 ms steps, only while nothing is on the wire; after 20 virtual minutes
  // the calls still waiting are cancelled (they end as failures the assertions see).
  while (settled < CALLS) {
    if (clock.now() > 1_000_000 + 20 * 60_000) run.abort();
    if (inFlight === 0) await clock.advance(250);
    // A macrotask turn either way, so I/O (and vitest's own timeout) always gets to run.
    await new Promise((r) => setTimeout(r, inFlight === 0 ? 0 : 1));
  }
  const results = await Promise.all(all);
  await llm.close();
  return { results, quota429: server.summary().byFault['quota'] ?? 0 };
}

const outcomes = (rs: StressCallResult[]) =>
  rs.reduce<Record<string, number>>((m, r) => {
    const k = r.outcome === 'success' ? 'success' : (r.failure ?? r.outcome);
    m[k] = (m[k] ?? 0) + 1;
    return m;
  }, {});

describe('the reference client against per-key quotas (real HTTP, virtual clock)', () => {
  it(`with its limiter set to the quota (${RPM} requests, ${TPM} tokens a minute): every call succeeds, no 429`, async () => {
    const { results, quota429 } = await runCalls({ rateLimit: { requestsPerMinute: RPM, tokensPerMinute: TPM } });
    expect(outcomes(results)).toEqual({ success: CALLS });
    expect(results.every((r) => r.attempts === 1)).toBe(true);
    expect(quota429).toBe(0);
  });

  it('without its limiter: the quota answers 429s and calls fail with http_429', async () => {
    const { results, quota429 } = await runCalls({});
    // A cold burst: the token budget admits 8 calls and refuses the rest; retries after Retry-After
    // (when it is under the client's maxRetryAfterMs, 5 s) win back a call or two as the budget
    // refills, the others reach the caller as http_429.
    const o = outcomes(results);
    expect(quota429).toBeGreaterThanOrEqual(CALLS - 8);
    expect(o['success']).toBeLessThanOrEqual(10);
    expect(o['http_429']).toBe(CALLS - o['success']!);
  });

  it('with a limiter that knows no budget: it learns the quota from x-ratelimit-* and honours Retry-After', async () => {
    // rateLimit {}: no configured budget. The first burst goes out unlimited (the client cannot
    // know better) and 22 calls are refused; from then on the client waits for the reset the
    // headers name, so every retry lands and no further 429 comes.
    const { results, quota429 } = await runCalls({
      rateLimit: {},
      maxAttempts: 10,
      backoff: { maxRetryAfterMs: 120_000 },
    });
    expect(outcomes(results)).toEqual({ success: CALLS });
    expect(quota429).toBe(CALLS - 8);
  });
});
