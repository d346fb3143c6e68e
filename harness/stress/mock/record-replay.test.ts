import { afterAll, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { InputError } from '../../core/errors.ts';
import { startMockServer, type MockServer } from '../mock-server.ts';
import { replaySource, startRecorder } from './recorder.ts';

const KEY = 'sk-proj-THISisAsecretKEY0123456789abcdef';
const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of closers.reverse()) await c();
});

const raw = async (url: string, body: unknown, headers: Record<string, string> = {}) => {
  const r = await fetch(url, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}`, ...headers },
  });
  return `${r.status} ${r.headers.get('content-type')}\n${await r.text()}`;
};

// A second local mock stands in for the provider (there is no internet here).
describe('record and replay', () => {
  it('records through a proxy without ever writing the key, and replays byte for byte, with faults on top', async () => {
    const upstream = await startMockServer({
      seed: 5,
      profile: { completionTokens: 4, latency: { perToken: { dist: 'fixed', ms: 1 } } },
    });
    closers.push(() => upstream.close());
    const dir = await mkdtemp(join(tmpdir(), 'gauntlet-rec-'));
    const recorder = await startRecorder({ dir, upstream: upstream.url });
    const requests: Array<[string, unknown]> = [
      ['/v1/chat/completions', { model: 'gpt-x', messages: [{ role: 'user', content: `my key is ${KEY}` }] }],
      [
        '/v1/chat/completions',
        {
          model: 'gpt-x',
          messages: [{ role: 'user', content: 'hi' }],
          stream: true,
          stream_options: { include_usage: true },
        },
      ],
      ['/v1/responses', { model: 'gpt-y', input: 'hi', stream: true }],
      ['/v1/messages', { model: 'claude-z', max_tokens: 9, messages: [{ role: 'user', content: 'hi' }], stream: true }],
      ['/v1/embeddings', { input: ['a', 'b'], dimensions: 4, api_key: KEY }],
    ];
    const recorded: string[] = [];
    for (const [path, body] of requests) recorded.push(await raw(`${recorder.url}${path}`, body));
    // The SDKs through the recorder too.
    const openai = new OpenAI({ baseURL: `${recorder.url}/v1`, apiKey: KEY, maxRetries: 0 });
    expect((await openai.responses.create({ model: 'gpt-y', input: 'sdk' })).output_text).toBe('tok0 tok1 tok2 tok3');
    const anthropic = new Anthropic({ baseURL: recorder.url, apiKey: KEY, maxRetries: 0 });
    expect(
      (await anthropic.messages.create({ model: 'c', max_tokens: 5, messages: [{ role: 'user', content: 'sdk' }] }))
        .content,
    ).toEqual([{ type: 'text', text: 'tok0 tok1 tok2 tok3' }]);
    await recorder.close();
    expect(recorder.recorded()).toBe(7);

    const files = await readdir(dir);
    expect(files).toHaveLength(7);
    const all = (await Promise.all(files.map((f) => readFile(join(dir, f), 'utf8')))).join('\n');
    expect(all).not.toContain(KEY);
    expect(all).not.toContain('THISisAsecretKEY');
    expect(all).toContain('[REDACTED]');

    const replay = await startMockServer({ seed: 1, source: await replaySource(dir) });
    closers.push(() => replay.close());
    for (let round = 0; round < 2; round++) {
      for (const [i, [path, body]] of requests.entries())
        expect(await raw(`${replay.url}${path}`, body)).toBe(recorded[i]);
    }
    // Matching ignores key order and a different key.
    const [path, body] = requests[1]!;
    const reordered = Object.fromEntries(Object.entries(body as object).reverse());
    expect(await raw(`${replay.url}${path}`, reordered, { authorization: 'Bearer other' })).toBe(recorded[1]);
    // The fault model on top: a forced cut after one event.
    const cut = await raw(`${replay.url}${path}`, body, { 'x-gauntlet-fault': 'truncate:1' }).catch((e: unknown) => e);
    expect(cut).toBeInstanceOf(Error);
    expect(await raw(`${replay.url}${path}`, body, { 'x-gauntlet-fault': 'no-done' })).toBe(
      recorded[1]!.replace('data: [DONE]\n\n', ''),
    );
    expect(await raw(`${replay.url}${path}`, body, { 'x-gauntlet-fault': '503' })).toMatch(/^503 /);
    // The SDKs against the replay.
    const replayed = new OpenAI({ baseURL: `${replay.url}/v1`, apiKey: 'x', maxRetries: 0 });
    expect((await replayed.responses.create({ model: 'gpt-y', input: 'sdk' })).output_text).toBe('tok0 tok1 tok2 tok3');
    // An unrecorded request is a 404 that says what to do.
    const missing = await raw(`${replay.url}/v1/chat/completions`, {
      messages: [{ role: 'user', content: 'never recorded' }],
    });
    expect(missing).toMatch(/^404 [^]*no recording for POST \/v1\/chat\/completions/);
  });

  it('a corrupt recording is an InputError naming the file and field', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gauntlet-rec-bad-'));
    await writeFile(
      join(dir, 'x.json'),
      JSON.stringify({
        schemaVersion: 1,
        route: '/v1/x',
        key: '0123456789abcdef',
        request: {},
        status: 'ok',
        contentType: 'a',
        chunks: [],
        complete: true,
      }),
    );
    const err = await replaySource(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).describe()).toMatch(/x\.json.*status.*expected number/);
  });
});

export type { MockServer };
