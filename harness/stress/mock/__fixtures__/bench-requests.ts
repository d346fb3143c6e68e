/**
 * The requests the mock's throughput benchmarks send (scripts/bench-mock-throughput.ts,
 * scripts/bench-mock-render.ts), and a POST as `respond()` reads it: shared by those scripts and the
 * fast-path tests, so the tests check the very bodies the figures are measured with.
 */
import type { Incoming } from '../respond.ts';

export const BENCH_REQUESTS: ReadonlyArray<{ name: string; path: string; body: Record<string, unknown> }> = [
  {
    name: 'chat JSON',
    path: '/v1/chat/completions',
    body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hello' }] },
  },
  {
    name: 'chat SSE',
    path: '/v1/chat/completions',
    body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hello' }], stream: true },
  },
  { name: 'responses SSE', path: '/v1/responses', body: { model: 'gpt-4o-mini', input: 'hello', stream: true } },
  {
    name: 'messages SSE',
    path: '/v1/messages',
    body: { model: 'claude-3-5-haiku', max_tokens: 64, messages: [{ role: 'user', content: 'hello' }], stream: true },
  },
];

/** A POST of `body` to `route` as respond() reads it: no headers, arrival 0, `created` fixed unless given. */
export function postIncoming(route: string, body: string, seq: number, created = 1_800_000_000): Incoming {
  return { method: 'POST', route, body, header: () => undefined, arrivalMs: 0, nowMs: 0, seq, created };
}
