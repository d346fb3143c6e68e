import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { realClock } from '../harness/core/clock.ts';
import type { StressClient, StressCallRequest } from '../harness/stress/client-contract.ts';
import { anthropicClientFactory } from '../harness/stress/clients/anthropic.ts';
import { openaiClientFactory } from '../harness/stress/clients/openai.ts';
import { startMockServer, type MockServer } from '../harness/stress/mock-server.ts';
import { CALL_ID_HEADER } from '../harness/stress/resilience.ts';

// The real `openai` SDK from npm against the mock on 127.0.0.1.
let server: MockServer;
beforeAll(async () => {
  server = await startMockServer({ seed: 3, profile: { completionTokens: 4 } });
});
afterAll(() => server.close());

const make = (options: Record<string, unknown> = {}, callTimeoutMs = 5_000) =>
  openaiClientFactory({
    baseURL: `${server.url}/v1`,
    seed: 1,
    clock: realClock,
    options: { maxRetries: 2, ...options },
    callTimeoutMs,
  });
const req = (id: number, over: Partial<StressCallRequest> = {}): StressCallRequest => ({
  id,
  messages: [{ role: 'user', content: `question ${id}` }],
  stream: false,
  signal: new AbortController().signal,
  ...over,
  headers: { [CALL_ID_HEADER]: String(id), ...over.headers },
});

describe('openai SDK adapter', () => {
  let client: StressClient;
  beforeAll(async () => {
    client = await make();
  });

  it('answers chat and responses, streaming and not, with usage and cost', async () => {
    const chat = await client.call(req(1));
    expect(chat).toMatchObject({
      outcome: 'success',
      text: 'tok0 tok1 tok2 tok3',
      attempts: 1,
      usage: { completionTokens: 4 },
    });
    expect(chat.costUsd).toBeGreaterThan(0);
    const tokens: string[] = [];
    const streamed = await client.call(req(2, { stream: true, onToken: (t) => tokens.push(t) }));
    expect(streamed).toMatchObject({
      outcome: 'success',
      text: 'tok0 tok1 tok2 tok3',
      attempts: 1,
      usage: { completionTokens: 4 },
    });
    expect(tokens.join('')).toBe('tok0 tok1 tok2 tok3');
    const responses = await make({ api: 'responses' });
    expect(await responses.call(req(3))).toMatchObject({
      outcome: 'success',
      text: 'tok0 tok1 tok2 tok3',
      usage: { completionTokens: 4 },
    });
    expect(await responses.call(req(4, { stream: true }))).toMatchObject({
      outcome: 'success',
      text: 'tok0 tok1 tok2 tok3',
      usage: { completionTokens: 4 },
    });
  });

  it('counts attempts per call with 60 calls in flight, the SDK retrying some of them', async () => {
    const client = await make({}, 120_000); // a busy machine must not add timeouts of its own
    // Calls with id % 3 == k fail their first k attempts (503, retry-after-ms=1), then succeed.
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, id) =>
        client.call(req(id, { headers: id % 3 ? { 'x-gauntlet-fault': `503:retry-after-ms=1;times=${id % 3}` } : {} })),
      ),
    );
    expect(results.every((r) => r.outcome === 'success')).toBe(true);
    expect(results.map((r) => r.attempts)).toEqual(Array.from({ length: 60 }, (_, id) => 1 + (id % 3)));
  });

  it('maps faults to gauntlet categories: a stream without [DONE] or cut is truncated_stream', async () => {
    const noRetry = await make({ maxRetries: 0 });
    const fault = (f: string, stream = true) => noRetry.call(req(9, { stream, headers: { 'x-gauntlet-fault': f } }));
    expect(await fault('no-done')).toMatchObject({ outcome: 'failure', failure: 'truncated_stream', attempts: 1 });
    expect(await fault('truncate:2')).toMatchObject({ outcome: 'failure', failure: 'truncated_stream' });
    expect(await fault('malformed')).toMatchObject({ outcome: 'failure', failure: 'malformed_response' });
    expect(await fault('malformed', false)).toMatchObject({ outcome: 'failure', failure: 'malformed_response' });
    expect(await fault('429', false)).toMatchObject({ outcome: 'failure', failure: 'http_429' });
    expect(await fault('reset', false)).toMatchObject({ outcome: 'failure', failure: 'connection_reset' });
  });

  it('times out a hang within the scenario budget (not the SDK default of 10 minutes)', async () => {
    const c = await make({ maxRetries: 1 }, 400); // 200 ms per attempt
    const t0 = performance.now();
    const r = await c.call(req(10, { headers: { 'x-gauntlet-fault': 'hang' } }));
    expect(r).toMatchObject({ outcome: 'failure', failure: 'timeout', attempts: 2 });
    expect(performance.now() - t0).toBeLessThan(60_000); // a bound against the 10-minute default, not a timing assertion
  });

  it('keeps the SDK quiet: nothing on the console for a malformed stream', async () => {
    const spies = (['log', 'warn', 'error', 'info', 'debug'] as const).map((m) =>
      vi.spyOn(console, m).mockImplementation(() => {}),
    );
    try {
      const c = await make({ maxRetries: 0 });
      await c.call(req(11, { stream: true, headers: { 'x-gauntlet-fault': 'malformed' } }));
      for (const s of spies) expect(s).not.toHaveBeenCalled();
    } finally {
      for (const s of spies) s.mockRestore();
    }
  });
});

describe('@anthropic-ai/sdk adapter', () => {
  const makeA = (options: Record<string, unknown> = {}, callTimeoutMs = 120_000) =>
    anthropicClientFactory({
      baseURL: `${server.url}/v1`,
      seed: 1,
      clock: realClock,
      options: { maxRetries: 2, ...options },
      callTimeoutMs,
    });

  it('answers /v1/messages, streaming and not, with usage and cost', async () => {
    const c = await makeA();
    expect(await c.call(req(1))).toMatchObject({
      outcome: 'success',
      text: 'tok0 tok1 tok2 tok3',
      attempts: 1,
      usage: { completionTokens: 4 },
    });
    const tokens: string[] = [];
    const s = await c.call(req(2, { stream: true, onToken: (t) => tokens.push(t) }));
    expect(s).toMatchObject({
      outcome: 'success',
      text: 'tok0 tok1 tok2 tok3',
      attempts: 1,
      usage: { completionTokens: 4 },
    });
    expect(s.costUsd).toBeGreaterThan(0);
    expect(tokens.join('')).toBe('tok0 tok1 tok2 tok3');
  });

  it('counts attempts per call under concurrency and maps faults (no message_stop is truncated_stream)', async () => {
    const c = await makeA();
    const ids = Array.from({ length: 30 }, (_, i) => 200 + i);
    const results = await Promise.all(
      ids.map((id) =>
        c.call(req(id, { headers: id % 2 ? { 'x-gauntlet-fault': '503:retry-after-ms=1;times=1' } : {} })),
      ),
    );
    // What the server saw per call id is the truth the adapter's counts must match.
    const seen = new Map<string, number>();
    for (const r of server.records()) if (r.callId) seen.set(r.callId, (seen.get(r.callId) ?? 0) + 1);
    expect(results.map((r) => r.attempts)).toEqual(ids.map((id) => seen.get(String(id))));
    expect(results.some((r) => r.attempts === 2)).toBe(true);
    const once = await makeA({ maxRetries: 0 });
    const fault = (f: string, stream = true) => once.call(req(40, { stream, headers: { 'x-gauntlet-fault': f } }));
    expect(await fault('no-done')).toMatchObject({ outcome: 'failure', failure: 'truncated_stream', attempts: 1 });
    expect(await fault('truncate:2')).toMatchObject({ outcome: 'failure', failure: 'truncated_stream' });
    expect(await fault('503', false)).toMatchObject({ outcome: 'failure', failure: 'http_503' });
    expect(await fault('reset', false)).toMatchObject({ outcome: 'failure', failure: 'connection_reset' });
  });
});
