import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../harness/core/clock.ts';
import { createLlmClient } from './client.ts';
import { LlmCallError } from './errors.ts';
import type { Transport } from './transport.ts';

describe('attempts per call', () => {
  it('counts each call’s own attempts, not those of calls running at the same time', async () => {
    const clock = new VirtualClock(0);
    // Call "a" fails twice with 503 before succeeding; calls "b".."e" succeed at once but overlap it.
    const fails = new Map<string, number>([['a', 2]]);
    const transport: Transport = async (call) => {
      const id = String(call.messages[0]!.content);
      await clock.sleep(10);
      const left = fails.get(id) ?? 0;
      if (left > 0) {
        fails.set(id, left - 1);
        throw new LlmCallError('http_503', '503');
      }
      return { text: id, usage: { promptTokens: 1, completionTokens: 1 } };
    };
    const c = createLlmClient({ transport, clock, random: () => 0.5, timeoutMs: 1_000, maxAttempts: 3 });
    const signal = new AbortController().signal;
    const calls = ['a', 'b', 'c', 'd', 'e'].map((id, i) =>
      c.call({ id: i, messages: [{ role: 'user', content: id }], stream: false, signal }),
    );
    await clock.advance(10_000);
    const results = await Promise.all(calls);
    expect(results.map((r) => r.attempts)).toEqual([3, 1, 1, 1, 1]);
    expect(c.stats().attempts).toBe(7);
    await c.close();
  });
});
