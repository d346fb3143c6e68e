/**
 * The reference LLM client's round trip to the mock OpenAI-compatible server on loopback (no fault,
 * no latency): what one call costs the client, its transport and the mock together.
 */
import { bench, createRng } from 'gauntlet';
import { startMockServer } from '../../harness/stress/index.ts';
import { createLlmClient, fetchTransport } from '../../sut/llm-client/index.ts';

const server = await startMockServer({ seed: 1, profile: { completionTokens: 16 } });
// The bench worker disconnects from its parent when done: close the server so the process can end.
process.once('disconnect', () => void server.close());
const client = createLlmClient({
  transport: fetchTransport(`${server.url}/v1`),
  random: createRng(1).float,
  timeoutMs: 10_000,
});
const messages = [{ role: 'user' as const, content: 'summarise the benefits of retries with jitter' }];
const signal = new AbortController().signal;
let id = 0;

async function once(stream: boolean): Promise<void> {
  const r = await client.call({ id: id++, messages, stream, signal });
  if (r.outcome !== 'success') throw new Error(`call failed: ${r.failure}`);
}

// A round trip waits on another process's answer: measured on the wall clock, never counted in instructions.
bench('llm-client round trip to the mock (JSON)', () => once(false), { clock: 'wall' });
bench('llm-client round trip to the mock (SSE, 16 tokens)', () => once(true), { clock: 'wall' });
