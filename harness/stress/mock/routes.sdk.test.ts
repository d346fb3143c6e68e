import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { startMockServer, type MockServer } from '../mock-server.ts';

// The official SDKs, unchanged, against every route of the mock: JSON and streaming, text and tools.
describe('mock routes with the official SDKs', () => {
  let server: MockServer;
  let openai: OpenAI;
  let anthropic: Anthropic;
  beforeAll(async () => {
    server = await startMockServer({ seed: 1, profile: { completionTokens: 5 } });
    openai = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'test', maxRetries: 0 });
    anthropic = new Anthropic({ baseURL: server.url, apiKey: 'test', maxRetries: 0 });
  });
  afterAll(() => server.close());

  const weather = {
    type: 'object',
    properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['c', 'f'] }, days: { type: 'integer' } },
    required: ['city'],
  };

  it('responses: JSON with output_text, usage and the requested model echoed', async () => {
    const r = await openai.responses.create({ model: 'gpt-test-echo', input: 'hello there' });
    expect(r.object).toBe('response');
    expect(r.status).toBe('completed');
    expect(r.model).toBe('gpt-test-echo');
    expect(r.output_text).toBe('tok0 tok1 tok2 tok3 tok4');
    expect(r.usage).toMatchObject({ input_tokens: 3, output_tokens: 5, total_tokens: 8 });
  });

  it('responses: the SSE event sequence, deltas adding up to the text, response.completed with usage', async () => {
    const stream = await openai.responses.create({
      model: 'gpt-x',
      input: [{ role: 'user', content: 'hello' }],
      stream: true,
    });
    const types: string[] = [];
    let text = '';
    let usage: unknown;
    for await (const e of stream) {
      types.push(e.type);
      if (e.type === 'response.output_text.delta') text += e.delta;
      if (e.type === 'response.completed') usage = e.response.usage;
    }
    expect(types.slice(0, 4)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
    ]);
    expect(types.filter((t) => t === 'response.output_text.delta')).toHaveLength(5);
    expect(types.slice(-4)).toEqual([
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(text).toBe('tok0 tok1 tok2 tok3 tok4');
    expect(usage).toMatchObject({ output_tokens: 5 });
  });

  it('responses: a function call honouring tool_choice, streamed as argument deltas', async () => {
    const tools = [{ type: 'function' as const, name: 'get_weather', parameters: weather, strict: false }];
    const r = await openai.responses.create({ model: 'm', input: 'weather?', tools, tool_choice: 'required' });
    const call = r.output[0]!;
    expect(call.type).toBe('function_call');
    if (call.type !== 'function_call') throw new Error('not a call');
    expect(JSON.parse(call.arguments)).toEqual({ city: 'tok0', unit: 'c', days: 1 });
    const none = await openai.responses.create({ model: 'm', input: 'weather?', tools, tool_choice: 'none' });
    expect(none.output_text).toBe('tok0 tok1 tok2 tok3 tok4');
    const s = openai.responses.stream({
      model: 'm',
      input: 'weather?',
      tools,
      tool_choice: { type: 'function', name: 'get_weather' },
    });
    let args = '';
    for await (const e of s) if (e.type === 'response.function_call_arguments.delta') args += e.delta;
    const final = await s.finalResponse();
    expect(JSON.parse(args)).toEqual({ city: 'tok0', unit: 'c', days: 1 });
    expect(final.output[0]).toMatchObject({ type: 'function_call', name: 'get_weather', arguments: args });
  });

  it('chat: tool_calls in JSON and as streamed argument deltas; text after a tool result under auto', async () => {
    const tools = [{ type: 'function' as const, function: { name: 'get_weather', parameters: weather } }];
    const r = await openai.chat.completions.create({
      model: 'gpt-echo',
      messages: [{ role: 'user', content: 'weather?' }],
      tools,
      tool_choice: 'required',
    });
    expect(r.model).toBe('gpt-echo');
    expect(r.choices[0]!.finish_reason).toBe('tool_calls');
    const tc = r.choices[0]!.message.tool_calls![0]!;
    expect(tc.type === 'function' && JSON.parse(tc.function.arguments)).toEqual({ city: 'tok0', unit: 'c', days: 1 });
    const runner = openai.chat.completions.stream({
      model: 'm',
      messages: [{ role: 'user', content: 'weather?' }],
      tools,
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
    });
    let deltas = 0;
    for await (const c of runner) if (c.choices[0]?.delta.tool_calls) deltas++;
    const final = await runner.finalChatCompletion();
    const ftc = final.choices[0]!.message.tool_calls![0]!;
    expect(ftc.type === 'function' && JSON.parse(ftc.function.arguments)).toEqual({ city: 'tok0', unit: 'c', days: 1 });
    expect(deltas).toBeGreaterThan(2);
    const after = await openai.chat.completions.create({
      model: 'm',
      tools,
      messages: [
        { role: 'user', content: 'weather?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: tc.id,
              type: 'function',
              function: tc.type === 'function' ? tc.function : { name: '', arguments: '' },
            },
          ],
        },
        { role: 'tool', tool_call_id: tc.id, content: 'sunny' },
      ],
    });
    expect(after.choices[0]!.message.content).toBe('tok0 tok1 tok2 tok3 tok4');
    const bad = await openai.chat.completions
      .create({
        model: 'm',
        messages: [{ role: 'user', content: 'x' }],
        tools,
        tool_choice: { type: 'function', function: { name: 'nope' } },
      })
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(OpenAI.BadRequestError);
  });

  it('embeddings: deterministic unit vectors per input, dimensions honoured, float and base64 (the SDK default) agree', async () => {
    const a = await openai.embeddings.create({
      model: 'text-embedding-3-small',
      input: ['alpha', 'beta'],
      dimensions: 8,
      encoding_format: 'float',
    });
    const b = await openai.embeddings.create({
      model: 'text-embedding-3-small',
      input: ['beta', 'alpha'],
      dimensions: 8,
    });
    expect(a.model).toBe('text-embedding-3-small');
    expect(a.data.map((d) => d.embedding.length)).toEqual([8, 8]);
    expect(Math.hypot(...a.data[0]!.embedding)).toBeCloseTo(1, 5);
    for (let i = 0; i < 8; i++) expect(b.data[1]!.embedding[i]).toBeCloseTo(a.data[0]!.embedding[i]!, 6);
    expect(a.data[0]!.embedding).not.toEqual(a.data[1]!.embedding);
    const full = await openai.embeddings.create({ model: 'm', input: 'alpha' });
    expect(full.data[0]!.embedding).toHaveLength(1536);
    expect(full.usage.prompt_tokens).toBeGreaterThan(0);
  });

  it('messages: JSON and the SSE events message_start ... message_stop, model echoed', async () => {
    const m = await anthropic.messages.create({
      model: 'claude-test',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'hello' }],
    });
    expect(m.model).toBe('claude-test');
    expect(m.content).toEqual([{ type: 'text', text: 'tok0 tok1 tok2 tok3 tok4' }]);
    expect(m.stop_reason).toBe('end_turn');
    expect(m.usage.output_tokens).toBe(5);
    const capped = await anthropic.messages.create({
      model: 'c',
      max_tokens: 2,
      messages: [{ role: 'user', content: 'hello' }],
    });
    expect([capped.stop_reason, capped.content]).toEqual(['max_tokens', [{ type: 'text', text: 'tok0 tok1' }]]);
    const stream = await anthropic.messages.create({
      model: 'claude-test',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'hello' }],
      stream: true,
    });
    const types: string[] = [];
    for await (const e of stream) types.push(e.type);
    expect(types).toEqual([
      'message_start',
      'content_block_start',
      ...Array(5).fill('content_block_delta'),
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    const final = await anthropic.messages
      .stream({ model: 'c', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] })
      .finalMessage();
    expect(final.content).toEqual([{ type: 'text', text: 'tok0 tok1 tok2 tok3 tok4' }]);
  });

  it('messages: tool_use in JSON and as input_json_delta events', async () => {
    const tools = [{ name: 'get_weather', input_schema: weather as Anthropic.Tool.InputSchema }];
    const m = await anthropic.messages.create({
      model: 'c',
      max_tokens: 100,
      tools,
      tool_choice: { type: 'any' },
      messages: [{ role: 'user', content: 'weather?' }],
    });
    expect(m.stop_reason).toBe('tool_use');
    expect(m.content[0]).toMatchObject({
      type: 'tool_use',
      name: 'get_weather',
      input: { city: 'tok0', unit: 'c', days: 1 },
    });
    const final = await anthropic.messages
      .stream({ model: 'c', max_tokens: 100, tools, messages: [{ role: 'user', content: 'weather?' }] })
      .finalMessage();
    expect(final.content[0]).toMatchObject({ type: 'tool_use', input: { city: 'tok0', unit: 'c', days: 1 } });
    const none = await anthropic.messages.create({
      model: 'c',
      max_tokens: 100,
      tools,
      tool_choice: { type: 'none' },
      messages: [{ role: 'user', content: 'weather?' }],
    });
    expect(none.content[0]!.type).toBe('text');
  });

  it('messages: Anthropic-shaped errors, 529 overloaded included, and a missing max_tokens is a 400', async () => {
    const err = await anthropic.messages
      .create(
        { model: 'c', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] },
        { headers: { 'x-gauntlet-fault': '529' } },
      )
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.APIError);
    const e = err as InstanceType<typeof Anthropic.APIError>;
    expect(e.status).toBe(529);
    expect(e.error).toEqual({ type: 'error', error: { type: 'overloaded_error', message: 'injected 529' } });
    const r = await fetch(`${server.url}/v1/messages`, {
      method: 'POST',
      body: JSON.stringify({ model: 'c', messages: [{ role: 'user', content: 'x' }] }),
    });
    expect([r.status, ((await r.json()) as { error: { type: string } }).error.type]).toEqual([
      400,
      'invalid_request_error',
    ]);
    const limited = await anthropic.messages
      .create(
        { model: 'c', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] },
        { headers: { 'x-gauntlet-fault': '429' } },
      )
      .catch((x: unknown) => x);
    expect(limited).toBeInstanceOf(Anthropic.RateLimitError);
  });

  it('every route gets the seeded faults: a cut stream is an error for both SDKs', async () => {
    const s = await openai.responses.create(
      { model: 'm', input: 'x', stream: true },
      { headers: { 'x-gauntlet-fault': 'truncate:2' } },
    );
    const got = await (async () => {
      for await (const _ of s);
    })().catch((e: unknown) => e);
    expect(got).toBeInstanceOf(Error);
    const a = await anthropic.messages.create(
      { model: 'c', max_tokens: 10, messages: [{ role: 'user', content: 'x' }], stream: true },
      { headers: { 'x-gauntlet-fault': 'truncate:1' } },
    );
    const got2 = await (async () => {
      for await (const _ of a);
    })().catch((e: unknown) => e);
    expect(got2).toBeInstanceOf(Error);
    const recs = server.records().slice(-2);
    expect(recs.map((r) => [r.route, r.fault, r.stream])).toEqual([
      ['/v1/responses', 'truncate', true],
      ['/v1/messages', 'truncate', true],
    ]);
  });
});
