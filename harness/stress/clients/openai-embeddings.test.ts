import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realClock } from '../../core/clock.ts';
import { MATRIX_FAULTS, MATRIX_PROMPT_CALL_TIMEOUT_MS, runMatrixCell, type MatrixClient } from './fault-matrix.ts';
import { openaiClientFactory } from './openai.ts';
import { wellFormed } from './openai-embeddings.ts';

// The openai SDK's client.embeddings.create as a stress client, real HTTP on 127.0.0.1.
const client: MatrixClient = {
  name: 'openai embeddings',
  factory: openaiClientFactory,
  options: { api: 'embeddings', dimensions: 64 },
  answer: 'embedding',
};
const fault = (label: string) => MATRIX_FAULTS.find((f) => f.label === label)!;

describe('openai SDK embeddings adapter against the mock', () => {
  it.each([
    ['none', 'success', 1],
    ['503;times=2', 'success', 3],
    ['529;times=2', 'success', 3],
    ['quota 429', 'success', 2],
    ['504', 'http_504', 3],
    ['malformed', 'malformed_response', 1],
    ['cut stream (truncate:2)', 'truncated_stream', 1],
  ])('%s: %s after %i attempts, counted alike by the client and the mock', async (label, outcome, attempts) => {
    expect(await runMatrixCell(client, fault(label), false, MATRIX_PROMPT_CALL_TIMEOUT_MS)).toEqual({
      outcome,
      attempts,
      served: attempts,
      acceptedTruncated: false,
    });
  });
});

describe('the answer is checked before it counts as a success', () => {
  // A stand-in provider: records each request body and answers vectors of `length` floats, base64 (the SDK's default).
  let server: Server;
  let length = 3;
  const bodies: Array<Record<string, unknown>> = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString()));
      req.on('end', () => {
        const body = JSON.parse(text) as { input: string[] };
        bodies.push(body);
        const v = new Float32Array(length).fill(0.5);
        const data = body.input.map((_, index) => ({
          object: 'embedding',
          index,
          embedding: Buffer.from(v.buffer).toString('base64'),
        }));
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ object: 'list', data, model: 'm', usage: { prompt_tokens: 7, total_tokens: 7 } }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const call = async (dimensions: number) => {
    const { port } = server.address() as AddressInfo;
    const stress = await openaiClientFactory({
      baseURL: `http://127.0.0.1:${port}/v1`,
      seed: 1,
      clock: realClock,
      options: { api: 'embeddings', dimensions, maxRetries: 0 },
    });
    const messages = [
      { role: 'user' as const, content: 'a' },
      { role: 'user' as const, content: 'b' },
    ];
    return stress.call({ id: 0, messages, stream: false, signal: AbortSignal.timeout(5_000) });
  };

  it('sends dimensions and one input per message; vectors of that length are a success with the usage', async () => {
    length = 3;
    expect(await call(3)).toEqual({ outcome: 'success', usage: { promptTokens: 7, completionTokens: 0 }, attempts: 1 });
    expect(bodies.at(-1)).toMatchObject({ input: ['a', 'b'], dimensions: 3 });
  });

  it('vectors of another length than asked for are malformed_response', async () => {
    length = 3;
    expect(await call(4)).toEqual({ outcome: 'failure', failure: 'malformed_response', attempts: 1 });
  });

  it('wellFormed wants one finite vector per input, in order, of one length', () => {
    const e = (index: number, embedding: number[]) => ({ index, embedding });
    expect(wellFormed([e(0, [1, 2]), e(1, [3, 4])], 2, undefined)).toBe(true);
    expect(wellFormed([e(0, [1, 2]), e(1, [3, 4])], 2, 2)).toBe(true);
    expect(wellFormed([e(0, [1, 2])], 2, undefined)).toBe(false);
    expect(wellFormed([e(0, [1, 2]), e(1, [3])], 2, undefined)).toBe(false);
    expect(wellFormed([e(1, [1, 2]), e(0, [3, 4])], 2, undefined)).toBe(false);
    expect(wellFormed([e(0, [1, NaN])], 1, undefined)).toBe(false);
    expect(wellFormed([e(0, [])], 1, undefined)).toBe(false);
    expect(wellFormed(undefined, 1, undefined)).toBe(false);
  });
});
