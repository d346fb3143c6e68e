import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from './index.ts';

// The mock keeps its records in columns; that must be invisible from outside, with repeated and
// alternating bodies alike.
describe('mock server records and repeated bodies', () => {
  let server: MockServer;
  beforeAll(async () => {
    server = await startMockServer({ seed: 1, profile: { completionTokens: 5 } });
  });
  afterAll(() => server.close());

  const post = async (body: string, headers: Record<string, string> = {}) => {
    const r = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...headers },
    });
    return {
      status: r.status,
      json: (await r.json()) as {
        usage?: { prompt_tokens: number; completion_tokens: number };
        choices?: Array<{ message: { content: string } }>;
      },
    };
  };

  it('answers each body by its own content when bodies alternate and repeat', async () => {
    const a = JSON.stringify({ messages: [{ role: 'user', content: 'hello there' }] });
    const b = JSON.stringify({
      messages: [{ role: 'user', content: 'a much longer prompt than the first' }],
      max_tokens: 2,
    });
    const seen = [];
    for (const body of [a, a, b, b, a, '{"messages":[]}', a]) seen.push(await post(body));
    expect(seen.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 400, 200]);
    const usage = seen.map((r) => r.json.usage && [r.json.usage.prompt_tokens, r.json.usage.completion_tokens]);
    expect(usage).toEqual([[6, 5], [6, 5], [12, 2], [12, 2], [6, 5], undefined, [6, 5]]);
    expect(seen[3]!.json.choices![0]!.message.content).toBe('tok0 tok1');
  });

  it('records every field of every request, in order, and counts them', async () => {
    const before = server.servedCount();
    await post('{"messages":[{"role":"user","content":"x"}]}', { 'x-gauntlet-fault': '503' });
    await post('not json');
    await fetch(`${server.url}/nope?q=1`);
    await fetch(`${server.url}/health`);
    expect(server.servedCount()).toBe(before + 4);
    const recs = server.records().slice(before);
    expect(recs.map((r) => [r.seq, r.route, r.fault, r.forced, r.status, r.phase, r.stream, r.clientAborted])).toEqual([
      [before, '/v1/chat/completions', 'status:503', true, 503, 'base', false, false],
      [before + 1, '/v1/chat/completions', 'rejected', false, 400, 'base', false, false],
      [before + 2, '/nope', 'rejected', false, 404, 'base', false, false],
      [before + 3, '/health', 'none', false, 200, 'base', false, false],
    ]);
    for (const r of recs) {
      expect(r.bytes).toBeGreaterThan(0);
      expect(r.durationMs).toBeGreaterThanOrEqual(0);
      expect(r.arrivalMs).toBeGreaterThanOrEqual(0);
    }
    // A fresh copy each time: changing one does not change the server's.
    recs[0]!.status = 0;
    expect(server.records()[before]!.status).toBe(503);
  });
});
