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

// A round trip waits on the event loop and the socket: measured on the wall clock, never counted in
// instructions. Against a stored baseline, the wall clock on a shared machine moves with its load (at
// load 3-5 these two ran 53-78% slower on unchanged code, and each flag cost a 60-90 s confirmation
// re-run that did not confirm): a doubling is the change this clock can vouch for here, so only that
// gates (tolerance), and the run is inconclusive only when it cannot rule a doubling out (threshold).
// `gauntlet bench --against <ref>` measures both sides in the same rounds when finer matters.
const wall = { clock: 'wall', tolerance: 1, threshold: 1 } as const;
bench('llm-client round trip to the mock (JSON)', () => once(false), wall);
bench('llm-client round trip to the mock (SSE, 16 tokens)', () => once(true), wall);
