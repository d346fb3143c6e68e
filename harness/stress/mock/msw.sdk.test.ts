import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setupServer } from 'msw/node';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { cancelResponseClones, createMswMock } from '../msw-handlers.ts';
import { startMockServer } from '../mock-server.ts';

const BASE = 'https://llm.test/v1';
const server = setupServer();
beforeAll(() => {
  server.listen({ onUnhandledRequest: 'bypass' });
  cancelResponseClones(server);
});
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('msw handlers: the same routes and plans as the HTTP mock', () => {
  it('the openai SDK retrying a 503 recovers under msw with cancelResponseClones (mswjs/interceptors#799)', async () => {
    const mock = createMswMock({ baseURL: BASE, profile: { completionTokens: 2 } });
    server.use(...mock.handlers);
    const client = new OpenAI({ baseURL: BASE, apiKey: 'k', maxRetries: 2, timeout: 5000 });
    const r = await client.chat.completions.create(
      { model: 'm', messages: [{ role: 'user', content: 'x' }] },
      { headers: { 'x-gauntlet-fault': '503:retry-after-ms=1;times=2' } },
    );
    expect(r.choices[0]!.message.content).toBe('tok0 tok1');
    expect(mock.records().map((x) => x.status)).toEqual([503, 503, 200]);
  });

  it('serves responses, messages and embeddings to the SDKs', async () => {
    const mock = createMswMock({ baseURL: BASE, profile: { completionTokens: 3 } });
    server.use(...mock.handlers);
    const openai = new OpenAI({ baseURL: BASE, apiKey: 'k', maxRetries: 0 });
    const anthropic = new Anthropic({ baseURL: BASE.replace(/\/v1$/, ''), apiKey: 'k', maxRetries: 1 });
    expect((await openai.responses.create({ model: 'm', input: 'x' })).output_text).toBe('tok0 tok1 tok2');
    let text = '';
    for await (const e of await openai.responses.create({ model: 'm', input: 'x', stream: true }))
      if (e.type === 'response.output_text.delta') text += e.delta;
    expect(text).toBe('tok0 tok1 tok2');
    const final = await anthropic.messages
      .stream(
        { model: 'claude-x', max_tokens: 9, messages: [{ role: 'user', content: 'x' }] },
        { headers: { 'x-gauntlet-fault': '529;times=1' } },
      )
      .finalMessage();
    expect([final.model, final.content]).toEqual(['claude-x', [{ type: 'text', text: 'tok0 tok1 tok2' }]]);
    expect((await openai.embeddings.create({ model: 'e', input: 'x', dimensions: 4 })).data[0]!.embedding).toHaveLength(
      4,
    );
    expect(mock.records().map((r) => [r.route, r.status])).toEqual([
      ['/v1/responses', 200],
      ['/v1/responses', 200],
      ['/v1/messages', 529],
      ['/v1/messages', 200],
      ['/v1/embeddings', 200],
    ]);
  });

  it('gives the same bytes as the HTTP mock for the same seed and requests, faults included', async () => {
    const profile = {
      completionTokens: 4,
      faults: [
        { type: 'truncate' as const, probability: 0.3, afterChunks: 1 },
        { type: 'malformed' as const, probability: 0.2 },
      ],
    };
    const http = await startMockServer({ seed: 9, profile });
    const mock = createMswMock({ baseURL: BASE, seed: 9, profile });
    server.use(...mock.handlers);
    const requests: Array<[string, unknown]> = [
      ['/chat/completions', { model: 'a', messages: [{ role: 'user', content: 'x' }], stream: true }],
      ['/responses', { model: 'b', input: 'y', stream: true }],
      ['/messages', { model: 'c', max_tokens: 9, messages: [{ role: 'user', content: 'z' }], stream: true }],
      ['/chat/completions', { model: 'a', messages: [{ role: 'user', content: 'x' }] }],
      ['/embeddings', { input: 'q', dimensions: 3 }],
    ];
    const read = async (base: string, path: string, body: unknown) => {
      try {
        const r = await fetch(`${base}${path}`, {
          method: 'POST',
          body: JSON.stringify(body),
          headers: { 'content-type': 'application/json' },
        });
        const reader = r.body!.getReader();
        let text = '';
        const dec = new TextDecoder();
        try {
          for (let c = await reader.read(); !c.done; c = await reader.read())
            text += dec.decode(c.value, { stream: true });
        } catch {
          text += '<cut>';
        }
        return `${r.status} ${text.replace(/"created(_at)?":\d+/g, '"created":0')}`;
      } catch {
        return 'network error';
      }
    };
    for (let round = 0; round < 4; round++) {
      for (const [path, body] of requests)
        expect(await read(BASE, path, body)).toBe(await read(`${http.url}/v1`, path, body));
    }
    expect(mock.records().map((r) => r.fault)).toEqual(http.records().map((r) => r.fault));
    expect(new Set(http.records().map((r) => r.fault))).toEqual(new Set(['none', 'truncate', 'malformed']));
    await http.close();
  });
});
