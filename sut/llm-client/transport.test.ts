import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../../harness/stress/mock-server.ts';
import { createLlmClient } from './client.ts';
import { LlmCallError } from './errors.ts';
import { httpTransport } from './transport.ts';

// The node:http transport against the real mock server, one forced fault per case.
let server: MockServer;
beforeAll(async () => {
  server = await startMockServer({ seed: 1, profile: { completionTokens: 3 } });
});
afterAll(() => server.close());

const signal = new AbortController().signal;
const msg = [{ role: 'user' as const, content: 'hello there' }];
const call = (stream: boolean) => ({ model: 'gauntlet-mock-1', messages: msg, stream });

describe('httpTransport', () => {
  it('gets a JSON answer with usage, and a streamed one token by token, over one reused connection', async () => {
    const t = httpTransport(`${server.url}/v1`, { maxSockets: 1 });
    expect(await t(call(false), signal)).toEqual({
      text: 'tok0 tok1 tok2',
      usage: { promptTokens: 6, completionTokens: 3 },
    });
    const tokens: string[] = [];
    expect(await t({ ...call(true), onToken: (x) => tokens.push(x) }, signal)).toEqual({
      text: 'tok0 tok1 tok2',
      usage: { promptTokens: 6, completionTokens: 3 },
    });
    expect(tokens).toEqual(['tok0', ' tok1', ' tok2']);
    expect(await t(call(false), signal)).toMatchObject({ text: 'tok0 tok1 tok2' });
    await t.close?.();
  });

  it.each([
    ['503', false, 'http_503'],
    ['429', false, 'http_429'],
    ['reset', false, 'connection_reset'],
    ['reset', true, 'connection_reset'],
    ['malformed', false, 'malformed_response'],
    ['malformed', true, 'malformed_response'],
    ['truncate:1', true, 'truncated_stream'],
    ['truncate', false, 'truncated_stream'],
    ['no-done', true, 'truncated_stream'],
  ] as const)('fault %s (stream %s) is an LlmCallError %s', async (forced, stream, category) => {
    const t = httpTransport(`${server.url}/v1`, { headers: { 'x-gauntlet-fault': forced } });
    const e = await t(call(stream), signal).then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(LlmCallError);
    expect((e as LlmCallError).category).toBe(category);
    await t.close?.();
  });

  it('reads retry-after-ms from an error status', async () => {
    const s = await startMockServer({
      profile: { faults: [{ type: 'status', status: 429, probability: 1, retryAfterMs: 1500 }] },
    });
    const t = httpTransport(`${s.url}/v1`);
    await expect(t(call(false), signal)).rejects.toMatchObject({ category: 'http_429', retryAfterMs: 1500 });
    await t.close?.();
    await s.close();
  });

  it('an abort rejects with the signal reason and frees the hanging request; the client reports a timeout', async () => {
    const t = httpTransport(`${server.url}/v1`, { headers: { 'x-gauntlet-fault': 'hang' } });
    const ac = new AbortController();
    const p = t(call(false), ac.signal);
    const reason = new Error('stop');
    setTimeout(() => ac.abort(reason), 20);
    await expect(p).rejects.toBe(reason);
    const c = createLlmClient({ transport: t, random: () => 0, maxAttempts: 1, timeoutMs: 50 });
    expect(await c.call({ id: 0, messages: msg, stream: true, signal })).toMatchObject({
      outcome: 'failure',
      failure: 'timeout',
    });
    await c.close();
  });

  it("client.close() destroys the transport's pool: no connection to the server stays open", async () => {
    const answer = JSON.stringify({ choices: [{ message: { content: 'ok' } }] });
    const srv = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(answer));
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const open = () => new Promise<number>((r) => srv.getConnections((_e, n) => r(n)));
    const c = createLlmClient({
      transport: httpTransport(`http://127.0.0.1:${(srv.address() as { port: number }).port}/v1`, { maxSockets: 4 }),
      random: () => 0,
      maxConcurrency: 4,
    });
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, id) => c.call({ id, messages: msg, stream: false, signal })),
    );
    expect(results.map((r) => r.outcome)).toEqual(Array(8).fill('success'));
    expect(await open()).toBe(4); // kept alive, at most maxSockets
    await c.close();
    await new Promise((r) => setTimeout(r, 50));
    expect(await open()).toBe(0);
    await new Promise((r) => srv.close(r));
  });
});
