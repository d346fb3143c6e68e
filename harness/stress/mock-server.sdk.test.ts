import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { startMockServer, type MockServer } from './index.ts';

// The official SDK, unchanged, pointed at the mock through baseURL.
describe('mock server with the openai SDK', () => {
  let server: MockServer;
  let client: OpenAI;
  beforeAll(async () => {
    server = await startMockServer({ seed: 1, profile: { completionTokens: 5 } });
    client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'test', maxRetries: 0 });
  });
  afterAll(() => server.close());

  it('answers a non-streaming completion with usage', async () => {
    const r = await client.chat.completions.create({
      model: 'gauntlet-mock-1',
      messages: [{ role: 'user', content: 'hello there' }],
    });
    expect(r.object).toBe('chat.completion');
    expect(r.choices[0]!.message.content).toBe('tok0 tok1 tok2 tok3 tok4');
    expect(r.usage).toEqual({ prompt_tokens: 6, completion_tokens: 5, total_tokens: 11 });
  });

  it('streams chunks, usage last and [DONE]', async () => {
    const stream = await client.chat.completions.create({
      model: 'gauntlet-mock-1',
      messages: [{ role: 'user', content: 'hello there' }],
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 3,
    });
    const parts: string[] = [];
    let usage: unknown;
    for await (const chunk of stream) {
      expect(chunk.object).toBe('chat.completion.chunk');
      if (chunk.choices[0]?.delta.content) parts.push(chunk.choices[0].delta.content);
      if (chunk.usage) usage = chunk.usage;
    }
    expect(parts.join('')).toBe('tok0 tok1 tok2');
    expect(usage).toEqual({ prompt_tokens: 6, completion_tokens: 3, total_tokens: 9 });
  });

  it('lists models', async () => {
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toEqual(['gauntlet-mock-1']);
  });

  it('sends errors in OpenAI shape with retry-after, which the SDK maps to its error classes', async () => {
    const err = await client.chat.completions
      .create(
        { model: 'm', messages: [{ role: 'user', content: 'x' }] },
        { headers: { 'x-gauntlet-fault': '429:retry-after-ms=1500' } },
      )
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    const e = err as InstanceType<typeof OpenAI.RateLimitError>;
    expect(e.status).toBe(429);
    expect(e.code).toBe('rate_limit_exceeded');
    expect(e.headers?.get('retry-after')).toBe('2');
    expect(e.headers?.get('retry-after-ms')).toBe('1500');
  });

  it('the SDK retries a 503 itself and the server counts both attempts', async () => {
    const retrying = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'test', maxRetries: 1 });
    const before = server.records().length;
    const err = await retrying.chat.completions
      .create(
        { model: 'm', messages: [{ role: 'user', content: 'x' }] },
        { headers: { 'x-gauntlet-fault': '503:retry-after-ms=10' } },
      )
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.InternalServerError);
    const recs = server.records().slice(before);
    expect(recs.map((r) => [r.fault, r.status])).toEqual([
      ['status:503', 503],
      ['status:503', 503],
    ]);
  });

  it('a stream truncated mid-way is an error for the SDK', async () => {
    const stream = await client.chat.completions.create(
      { model: 'm', messages: [{ role: 'user', content: 'x' }], stream: true },
      { headers: { 'x-gauntlet-fault': 'truncate:2' } },
    );
    const got: string[] = [];
    const err = await (async () => {
      for await (const c of stream) got.push(c.choices[0]?.delta.content ?? '');
    })().catch((e: unknown) => e);
    expect(got.join('')).toBe('tok0 tok1');
    expect(err).toBeInstanceOf(Error);
  });
});
