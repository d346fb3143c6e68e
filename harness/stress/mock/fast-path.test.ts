import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createFaultModel } from '../fault-model.ts';
import { healthyProfile } from '../profile-schema.ts';
import { BENCH_REQUESTS, postIncoming } from './__fixtures__/bench-requests.ts';
import { AttemptBook } from './attempts.ts';
import { PreparedFrames } from './fast-path.ts';
import { respond, type MockCore } from './respond.ts';

const core = (frames: boolean): MockCore => ({
  model: createFaultModel(healthyProfile(), 1),
  seed: 1,
  attempts: new AttemptBook(),
  quota: undefined,
  frames: frames ? new PreparedFrames() : undefined,
});

const answer = (c: MockCore, route: string, body: unknown, seq: number, created = 1_800_000_000) => {
  const o = respond(c, postIncoming(route, JSON.stringify(body), seq, created));
  const step = o.plan.steps[0]!;
  return { text: typeof step.text === 'string' ? step.text : step.text.toString('utf8'), prepared: step.text };
};

/** Request bodies of every prepared shape, with what varies between requests of one shape. */
const request = fc.oneof(
  fc.record({
    route: fc.constant('/v1/chat/completions'),
    body: fc.record(
      {
        model: fc.oneof(fc.constant('gpt-4o-mini'), fc.string(), fc.constant('7301946285'), fc.constant('mödel ✓')),
        messages: fc.array(fc.record({ role: fc.constant('user'), content: fc.string({ maxLength: 400 }) }), {
          minLength: 1,
          maxLength: 3,
        }),
        stream: fc.boolean(),
        stream_options: fc.record({ include_usage: fc.boolean() }),
        max_tokens: fc.integer({ min: 1, max: 40 }),
      },
      { requiredKeys: ['messages'] },
    ),
  }),
  fc.record({
    route: fc.constant('/v1/responses'),
    body: fc.record(
      {
        model: fc.oneof(fc.constant('gpt-4o-mini'), fc.string()),
        input: fc.string({ minLength: 1, maxLength: 400 }),
        stream: fc.boolean(),
        instructions: fc.oneof(fc.string(), fc.constant('say 5190283746')),
        temperature: fc.double({ min: 0, max: 2, noNaN: true }),
        max_output_tokens: fc.integer({ min: 1, max: 40 }),
        metadata: fc.dictionary(fc.string(), fc.string()),
        store: fc.boolean(),
      },
      { requiredKeys: ['input'] },
    ),
  }),
  fc.record({
    route: fc.constant('/v1/messages'),
    body: fc.record(
      {
        model: fc.oneof(fc.constant('claude-3-5-haiku'), fc.string()),
        max_tokens: fc.integer({ min: 1, max: 40 }),
        messages: fc.array(fc.record({ role: fc.constant('user'), content: fc.string({ maxLength: 400 }) }), {
          minLength: 1,
          maxLength: 3,
        }),
        system: fc.string(),
        stream: fc.boolean(),
      },
      { requiredKeys: ['messages', 'max_tokens'] },
    ),
  }),
);

describe('prepared response frames (the HTTP mock fast path)', () => {
  it('answer byte for byte as rendering does, for any request of a prepared shape and any numbers', () => {
    const fast = core(true);
    const slow = core(false);
    let seq = 0;
    fc.assert(
      fc.property(
        request,
        // seq and created cross digit counts (9 -> 10, 99999 -> 100000): the frame is laid out anew.
        fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 99_990, max: 100_010 })),
        fc.integer({ min: 999_999_990, max: 1_000_000_010 }),
        ({ route, body }, jump, created) => {
          seq = jump > 50 ? jump : seq + jump;
          const a = answer(fast, route, body, seq, created);
          const b = answer(slow, route, body, seq, created);
          expect(a.text).toBe(b.text);
          fast.frames!.returned(a.prepared as Buffer);
        },
      ),
      { numRuns: 400 },
    );
    // The common shapes were prepared, not all refused.
    expect(fast.frames!.size).toBeGreaterThan(0);
    expect(
      answer(fast, '/v1/messages', { max_tokens: 9, messages: [{ role: 'user', content: 'x' }] }, 1).prepared,
    ).to.be.instanceOf(Buffer);
  });

  it('serve the throughput benchmark requests (scripts/bench-mock-throughput.ts) from frames', () => {
    const c = core(true);
    for (const w of BENCH_REQUESTS) expect(answer(c, w.path, w.body, 1).prepared, w.name).toBeInstanceOf(Buffer);
    expect(c.frames!.size).toBe(BENCH_REQUESTS.length);
  });

  it('serve requests with different prompts from one frame, and never hand out bytes still lent', () => {
    const c = core(true);
    const chat = (content: string, seq: number) =>
      answer(c, '/v1/chat/completions', { model: 'm', messages: [{ role: 'user', content }], stream: true }, seq);
    const first = chat('hello', 10);
    const kept = first.text;
    // Not returned (still queued for writing): the next answer must not touch those bytes.
    const second = chat('a much longer prompt than the first one', 11);
    expect((first.prepared as Buffer).toString('utf8')).toBe(kept);
    expect(second.prepared).not.toBe(first.prepared);
    expect(c.frames!.size).toBe(1);
    // Returned (written whole): the frame writes the next answer into the same memory.
    c.frames!.returned(second.prepared as Buffer);
    const third = chat('x'.repeat(30), 12); // as many prompt-token digits as the second (else laid out anew)
    expect(third.prepared).toBe(second.prepared);
    expect(third.text).toContain('"id":"chatcmpl-12"');
  });

  it('render per request what is not prepared: tool calls, echoed objects, faults', () => {
    const c = core(true);
    const tools = [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }];
    const tool = answer(
      c,
      '/v1/chat/completions',
      { messages: [{ role: 'user', content: 'x' }], tools, tool_choice: 'required' },
      1,
    );
    expect(typeof tool.prepared).toBe('string');
    const echoed = answer(c, '/v1/responses', { input: 'x', text: { format: { type: 'text' } } }, 2);
    expect(typeof echoed.prepared).toBe('string');
    expect(c.frames!.size).toBe(0);
  });
});
