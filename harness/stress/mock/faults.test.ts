import { afterAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { VirtualClock } from '../../core/clock.ts';
import { startMockServer, type MockServer } from '../mock-server.ts';
import { openaiDuration } from './quota.ts';

const servers: MockServer[] = [];
afterAll(() => Promise.all(servers.map((s) => s.close())));
const start = async (...a: Parameters<typeof startMockServer>) => {
  const s = await startMockServer(...a);
  servers.push(s);
  return s;
};
const post = (s: MockServer, path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${s.url}${path}`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...headers },
  });

describe('x-gauntlet-fault times=N: fail the first N attempts of one logical request', () => {
  it('the openai SDK retrying on its own recovers on the third attempt (keyed by x-stainless-retry-count)', async () => {
    const s = await start({ profile: { completionTokens: 3 } });
    const client = new OpenAI({ baseURL: `${s.url}/v1`, apiKey: 'k', maxRetries: 2 });
    const r = await client.chat.completions.create(
      { model: 'm', messages: [{ role: 'user', content: 'x' }] },
      { headers: { 'x-gauntlet-fault': '503:retry-after-ms=1;times=2' } },
    );
    expect(r.choices[0]!.message.content).toBe('tok0 tok1 tok2');
    expect(s.records().map((x) => [x.status, x.fault])).toEqual([
      [503, 'status:503'],
      [503, 'status:503'],
      [200, 'none'],
    ]);
  });

  it('the anthropic SDK likewise, with 529 overloaded', async () => {
    const s = await start({ profile: { completionTokens: 2 } });
    const client = new Anthropic({ baseURL: s.url, apiKey: 'k', maxRetries: 1 });
    const m = await client.messages.create(
      { model: 'c', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] },
      { headers: { 'x-gauntlet-fault': '529:retry-after-ms=1;times=1' } },
    );
    expect(m.content).toEqual([{ type: 'text', text: 'tok0 tok1' }]);
    expect(s.records().map((x) => x.status)).toEqual([529, 200]);
  });

  it('an idempotency-key counts attempts per key, so concurrent logical requests do not share a counter', async () => {
    const s = await start({ profile: { completionTokens: 1 } });
    const body = { messages: [{ role: 'user', content: 'same body' }] };
    const attempt = (key: string) =>
      post(s, '/v1/chat/completions', body, { 'x-gauntlet-fault': '500;times=1', 'idempotency-key': key }).then(
        (r) => r.status,
      );
    expect(await Promise.all([attempt('a'), attempt('b')])).toEqual([500, 500]);
    expect(await Promise.all([attempt('a'), attempt('b'), attempt('c')])).toEqual([200, 200, 500]);
  });

  it('x-gauntlet-call-id keys the attempts too, and every record carries it', async () => {
    const s = await start({ profile: { completionTokens: 1 } });
    const go = (id: string) =>
      post(
        s,
        '/v1/responses',
        { input: 'x' },
        { 'x-gauntlet-fault': 'truncate:0;times=1', 'x-gauntlet-call-id': id },
      ).then((r) =>
        r.text().then(
          () => r.status,
          () => 'cut',
        ),
      );
    expect([await go('c1'), await go('c1'), await go('c2')]).toEqual(['cut', 200, 'cut']);
    expect(s.records().map((r) => [r.callId, r.fault])).toEqual([
      ['c1', 'truncate'],
      ['c1', 'none'],
      ['c2', 'truncate'],
    ]);
  });

  it('without any key, identical bodies are one logical request', async () => {
    const s = await start({});
    const go = () =>
      post(s, '/v1/embeddings', { input: 'x', dimensions: 2 }, { 'x-gauntlet-fault': 'reset;times=1' }).then(
        (r) => r.status,
        () => 'reset',
      );
    expect([await go(), await go(), await go()]).toEqual(['reset', 200, 200]);
  });
});

describe('per-key quotas', () => {
  it('answers 429 with OpenAI x-ratelimit-* headers past the requests per minute, and refills with time', async () => {
    const clock = new VirtualClock(1_700_000_000_000);
    const s = await start({ clock, profile: { quota: { requestsPerMinute: 2, tokensPerMinute: 1000 } } });
    const call = (key: string) =>
      post(
        s,
        '/v1/chat/completions',
        { messages: [{ role: 'user', content: 'x' }], max_tokens: 10 },
        { authorization: `Bearer ${key}` },
      );
    const a1 = await call('A');
    expect(a1.status).toBe(200);
    expect(a1.headers.get('x-ratelimit-limit-requests')).toBe('2');
    expect(a1.headers.get('x-ratelimit-remaining-requests')).toBe('1');
    expect(a1.headers.get('x-ratelimit-limit-tokens')).toBe('1000');
    expect(a1.headers.get('x-ratelimit-remaining-tokens')).toBe(String(1000 - 14));
    expect((await call('A')).status).toBe(200);
    const over = await call('A');
    expect(over.status).toBe(429);
    expect(over.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(over.headers.get('retry-after')).toBe('30');
    expect(over.headers.get('retry-after-ms')).toBe('30000');
    expect(((await over.json()) as { error: { code: string } }).error.code).toBe('rate_limit_exceeded');
    expect((await call('B')).status).toBe(200); // another key has its own quota
    await clock.advance(30_000);
    expect((await call('A')).status).toBe(200);
    expect(s.records().map((r) => r.fault)).toEqual(['none', 'none', 'quota', 'none', 'none']);
  });

  it('counts tokens (prompt + max_tokens) and answers Anthropic routes with anthropic-ratelimit-* headers', async () => {
    const clock = new VirtualClock(1_700_000_000_000);
    const s = await start({ clock, profile: { quota: { tokensPerMinute: 100 } } });
    const call = () =>
      post(s, '/v1/messages', { max_tokens: 60, messages: [{ role: 'user', content: 'x' }] }, { 'x-api-key': 'k' });
    const ok = await call();
    expect(ok.status).toBe(200);
    expect(ok.headers.get('anthropic-ratelimit-tokens-limit')).toBe('100');
    const over = await call();
    expect(over.status).toBe(429);
    expect(((await over.json()) as { error: { type: string } }).error.type).toBe('rate_limit_error');
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(over.headers.get('anthropic-ratelimit-tokens-reset')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('writes reset durations the way OpenAI does', () => {
    expect([openaiDuration(120), openaiDuration(1500), openaiDuration(360_000), openaiDuration(61_500)]).toEqual([
      '120ms',
      '1.5s',
      '6m0s',
      '1m1.5s',
    ]);
  });
});
