import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setupServer } from 'msw/node';
import { createMswMock } from '../../harness/stress/msw-handlers.ts';
import { createLlmClient } from './client.ts';
import { memoryCache } from './cache.ts';
import { fetchTransport, httpTransport, type Transport } from './transport.ts';

// The reference client against msw handlers driven by the stress fault model: no port, no server.
// Both transports run the same cases: msw's setupServer intercepts http.request as well as fetch.
const BASE = 'https://llm.test/v1';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const signal = new AbortController().signal;
const msg = [{ role: 'user' as const, content: 'hello there' }];

type MakeTransport = (headers: Record<string, string>) => Transport;
const transports: Array<[string, MakeTransport, { truncation: boolean }]> = [
  ['fetch', (headers) => fetchTransport(BASE, 'k', headers), { truncation: true }],
  // msw's mock socket errors before node:http's parser emits the response, so a cut body reads as
  // connection_reset there; transport.test.ts checks truncation over node:http on a real socket.
  ['node:http', (headers) => httpTransport(BASE, { apiKey: 'k', headers }), { truncation: false }],
];

describe.each(transports)('reference client over msw, %s transport', (_name, makeTransport, can) => {
  function clientWith(
    forced?: string,
    extra: Parameters<typeof createLlmClient>[0] extends infer O ? Partial<O> : never = {},
  ) {
    return createLlmClient({
      transport: makeTransport(forced ? { 'x-gauntlet-fault': forced } : {}),
      random: () => 0,
      maxAttempts: 1,
      // Roomy: only the hang case is meant to time out (it sets its own short timeout); a busy runner can
      // take more than a short one to answer the others (300 ms was too short in a CI run, e708145).
      timeoutMs: 5_000,
      ...extra,
    });
  }

  it('gets an answer with usage and cost, and caches it', async () => {
    const mock = createMswMock({ baseURL: BASE, profile: { completionTokens: 4 } });
    server.use(...mock.handlers);
    const c = clientWith(undefined, { cache: memoryCache() });
    const r1 = await c.call({ id: 0, messages: msg, stream: false, signal });
    expect(r1).toMatchObject({
      outcome: 'success',
      text: 'tok0 tok1 tok2 tok3',
      usage: { promptTokens: 6, completionTokens: 4 },
      attempts: 1,
    });
    const r2 = await c.call({ id: 1, messages: msg, stream: false, signal });
    expect(r2).toMatchObject({ outcome: 'success', cached: true, attempts: 0, text: 'tok0 tok1 tok2 tok3' });
    expect(mock.records()).toHaveLength(1);
    expect(c.stats()).toMatchObject({ cacheHits: 1, cacheMisses: 1 });
  });

  it('streams tokens to onToken', async () => {
    server.use(...createMswMock({ baseURL: BASE, profile: { completionTokens: 3 } }).handlers);
    const tokens: string[] = [];
    const r = await clientWith().call({ id: 0, messages: msg, stream: true, signal, onToken: (t) => tokens.push(t) });
    expect(r).toMatchObject({ outcome: 'success', text: 'tok0 tok1 tok2', usage: { completionTokens: 3 } });
    expect(tokens).toEqual(['tok0', ' tok1', ' tok2']);
  });

  const faults = [
    ['503', false, 'http_503'],
    ['408', false, 'http_408'],
    ['reset', false, 'connection_reset'],
    ['malformed', false, 'malformed_response'],
    ['malformed', true, 'malformed_response'],
    ['truncate:1', true, 'truncated_stream'],
    ['truncate', false, 'truncated_stream'],
    ['no-done', true, 'truncated_stream'],
    ['hang', false, 'timeout'],
  ] as const;
  it.each(faults.filter(([forced]) => can.truncation || !forced.startsWith('truncate')))(
    'fault %s (stream %s) is reported as %s',
    async (forced, stream, category) => {
      server.use(...createMswMock({ baseURL: BASE }).handlers);
      const r = await clientWith(forced, forced === 'hang' ? { timeoutMs: 200 } : {}).call({
        id: 0,
        messages: msg,
        stream,
        signal,
      });
      expect(r).toMatchObject({ outcome: 'failure', failure: category, attempts: 1 });
    },
  );

  it('retries a seeded 100% 503 profile three times; the handlers count every attempt', async () => {
    const mock = createMswMock({
      baseURL: BASE,
      profile: { faults: [{ type: 'status', status: 503, probability: 1, retryAfterMs: 5 }] },
    });
    server.use(...mock.handlers);
    const r = await clientWith(undefined, { maxAttempts: 3 }).call({ id: 0, messages: msg, stream: false, signal });
    expect(r).toMatchObject({ outcome: 'failure', failure: 'http_503', attempts: 3 });
    expect(mock.records().map((x) => [x.fault, x.status])).toEqual(Array(3).fill(['status:503', 503]));
  });
});
