import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BENCH_REQUESTS } from './__fixtures__/bench-requests.ts';
import { fastRequest } from './fast-path-body.ts';
import { chatRoute } from './route-chat.ts';
import { embeddingsRoute } from './route-embeddings.ts';
import { messagesRoute } from './route-messages.ts';
import { responsesRoute } from './route-responses.ts';
import { isObject, type Route } from './route.ts';

const ROUTES: Record<string, Route> = {
  '/v1/chat/completions': chatRoute,
  '/v1/responses': responsesRoute,
  '/v1/messages': messagesRoute,
};
const CTX = { seq: 7, created: 1_800_000_000, completionTokens: 5, capped: false, seed: 1 };

/** What the general path makes of a body: the route's request, its 400 message, or why JSON.parse refused it. */
function general(route: Route, text: string) {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return 'not JSON';
  }
  return isObject(body) ? route.parse(body, 'default-model') : 'not an object';
}

/** The scan either declines or agrees with the general path: the same request, and the same rendered answer. */
function check(route: Route, text: string): boolean {
  const fast = fastRequest(route, text, 'default-model');
  if (fast === undefined) return false;
  const full = general(route, text);
  if (typeof full !== 'object') throw new Error(`the scan accepted what the general path refuses (${full}): ${text}`);
  expect({ ...fast, body: undefined }).toEqual({ ...full, body: undefined });
  expect(route.render(fast, CTX)).toEqual(route.render(full, CTX));
  return true;
}

const text = fc.oneof(
  fc.stringMatching(/^[a-zA-Z0-9 .,!?'-]{0,30}$/),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom('hello', '', 'gpt-4o-mini', 'a"b', 'back\\slash', 'tab\there', 'snow ☃', 'emoji 😀'),
);
const anything = fc.oneof(text, fc.jsonValue({ maxDepth: 3 }), fc.constant(undefined));
const count = fc.oneof(
  fc.integer({ min: -3, max: 5000 }),
  fc.constantFrom(64.0, 64.5, 1e3, 0, -0, 1e400, '64', null, true),
);
const message = fc.record(
  {
    role: fc.oneof(fc.constantFrom('user', 'assistant', 'system', 'tool'), text, fc.integer()),
    content: fc.oneof(
      text,
      text,
      fc.array(fc.record({ type: fc.constant('text'), text }), { maxLength: 2 }),
      fc.constant(null),
    ),
    name: text,
  },
  { requiredKeys: [] },
);
const body = fc.record(
  {
    model: fc.oneof(text, anything),
    messages: fc.oneof(
      fc.array(message, { minLength: 1, maxLength: 4 }),
      fc.array(message, { maxLength: 1 }),
      anything,
    ),
    input: fc.oneof(
      text,
      fc.array(fc.record({ role: fc.constant('user'), content: text }), { maxLength: 2 }),
      anything,
    ),
    stream: fc.oneof(fc.boolean(), fc.boolean(), anything),
    max_tokens: count,
    max_completion_tokens: count,
    max_output_tokens: count,
    system: fc.oneof(text, anything),
    temperature: fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), anything),
    stream_options: fc.oneof(fc.record({ include_usage: fc.boolean() }), anything),
    tools: anything,
    tool_choice: anything,
    instructions: anything,
    metadata: anything,
    user: anything,
    extra: fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 4 }), { maxKeys: 3 }),
  },
  { requiredKeys: [] },
);
/** Bodies of the shapes the scan reads (most of the time), with fields it skips. */
const extra = fc.dictionary(fc.stringMatching(/^[a-z_]{1,12}$/), fc.jsonValue({ maxDepth: 4 }), { maxKeys: 3 });
const plainMessages = fc.array(fc.record({ role: fc.constantFrom('user', 'assistant'), content: text }), {
  minLength: 1,
  maxLength: 4,
});
const plain = fc.oneof(
  fc.tuple(
    fc.constant(chatRoute),
    fc.record(
      {
        model: text,
        messages: fc.array(
          fc.record(
            { role: fc.constantFrom('user', 'system'), content: text, name: text },
            { requiredKeys: ['content'] },
          ),
          { minLength: 1, maxLength: 4 },
        ),
        stream: fc.boolean(),
        max_tokens: count,
        max_completion_tokens: count,
        temperature: fc.double({ noNaN: true, noDefaultInfinity: true }),
        user: text,
        extra,
      },
      { requiredKeys: ['messages'] },
    ),
  ),
  fc.tuple(
    fc.constant(messagesRoute),
    fc.record(
      {
        model: text,
        max_tokens: count,
        messages: plainMessages,
        system: text,
        stream: fc.boolean(),
        metadata: fc.jsonValue(),
        extra,
      },
      { requiredKeys: ['messages', 'max_tokens'] },
    ),
  ),
  fc.tuple(
    fc.constant(responsesRoute),
    fc.record({ model: text, input: text, stream: fc.boolean(), user: text, extra }, { requiredKeys: ['input'] }),
  ),
);
/** Any route with any body: the scan must decline what it does not read. */
const wild = fc.tuple(fc.constantFrom(chatRoute, responsesRoute, messagesRoute), body);

/** A body as a client may send it: compact or indented, sometimes with a key repeated. */
const serialised = fc
  .tuple(
    fc.oneof(plain, wild),
    fc.constantFrom(undefined, 0, 2, '\t', ' \r\n'),
    fc.option(fc.constantFrom('model', 'stream', 'messages', 'max_tokens', 'input')),
  )
  .map(([[route, b], indent, dup]): [Route, string] => {
    const { extra: more, ...rest } = b as Record<string, unknown> & { extra?: Record<string, unknown> };
    const t = JSON.stringify({ ...more, ...rest }, null, indent);
    // A repeated key (JSON.parse keeps the last): the scan must decline rather than read the first.
    return [route, dup && dup in rest ? t.replace(/}\s*$/, `,"${dup}":${JSON.stringify(rest[dup] ?? null)}}`) : t];
  });

describe('the fast request scan (fast-path-body.ts)', () => {
  it('reads the throughput benchmark bodies, and common SDK bodies, without the general path', () => {
    for (const w of BENCH_REQUESTS) expect(check(ROUTES[w.path]!, JSON.stringify(w.body)), w.name).toBe(true);
    const sdk = [
      [
        chatRoute,
        {
          model: 'gpt-4o',
          messages: [
            { role: 'system', content: 'be brief' },
            { role: 'user', content: 'hi' },
          ],
          temperature: 0.2,
          max_completion_tokens: 100,
          user: 'u1',
        },
      ],
      [
        messagesRoute,
        {
          model: 'claude-3-5-haiku',
          max_tokens: 1024,
          system: 'be brief',
          messages: [
            { role: 'user', content: 'hi' },
            { role: 'assistant', content: 'hello' },
            { role: 'user', content: 'more' },
          ],
          metadata: { user_id: 'u' },
        },
      ],
      [responsesRoute, { model: 'gpt-4o', input: 'Tell me a story', stream: true, user: 'u' }],
    ] as const;
    for (const [route, b] of sdk) expect(check(route, JSON.stringify(b, null, 2))).toBe(true);
  });

  it('declines what it does not read (tools, echoed fields, escapes, embeddings), leaving it to the general path', () => {
    const hello = [{ role: 'user', content: 'hello' }];
    expect(fastRequest(chatRoute, JSON.stringify({ messages: hello, tools: [] }), 'm')).toBeUndefined();
    expect(
      fastRequest(chatRoute, JSON.stringify({ messages: [{ role: 'user', content: 'a"b' }] }), 'm'),
    ).toBeUndefined();
    expect(
      fastRequest(chatRoute, JSON.stringify({ messages: hello, stream_options: { include_usage: true } }), 'm'),
    ).toBeUndefined();
    expect(fastRequest(responsesRoute, JSON.stringify({ input: 'x', temperature: 0.5 }), 'm')).toBeUndefined();
    expect(fastRequest(messagesRoute, JSON.stringify({ messages: hello }), 'm')).toBeUndefined(); // no max_tokens: a 400
    expect(fastRequest(embeddingsRoute, JSON.stringify({ input: 'x' }), 'm')).toBeUndefined();
    expect(fastRequest(chatRoute, '{"messages":[{"role":"user","content":"hello"}]', 'm')).toBeUndefined();
  });

  it('agrees with JSON.parse and the route on generated bodies, and takes a good share of the plain ones', () => {
    let accepted = 0;
    fc.assert(
      fc.property(serialised, ([route, t]) => {
        if (check(route, t)) accepted++;
      }),
      { numRuns: 3000, seed: 20261128 },
    );
    // Not a vacuous check: a good share of the generated bodies took the scan.
    expect(accepted).toBeGreaterThan(100);
  });

  it('never accepts a body JSON.parse refuses (bodies broken at random places)', () => {
    const broken = fc
      .tuple(
        serialised,
        fc.nat(),
        fc.constantFrom('', '"', '\\', '{', '}', '[', ']', ',', ':', '0', '-', 'e', 't', ' ', '\u0001', '\ud800'),
        fc.nat({ max: 2 }),
      )
      .map(([[route, t], at, ch, drop]): [Route, string] => {
        const p = at % (t.length + 1);
        return [route, t.slice(0, p) + ch + t.slice(p + drop)];
      });
    fc.assert(
      fc.property(broken, ([route, t]) => void check(route, t)),
      { numRuns: 3000, seed: 7 },
    );
  });
});
