/**
 * The gauntlet stress clients (the reference client and the SDK adapters) against the mock on
 * every route, streaming and not, with each fault: outcome category, attempts, and whether a cut
 * answer was accepted. Each cell is one call against a fresh mock. Written to
 * docs/calibration/stress-adapter-matrix.out.md.
 * Usage: npx tsx scripts/stress-adapter-matrix.ts [--out FILE]
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { anthropicClientFactory } from '../harness/stress/clients/anthropic.ts';
import {
  formatCell,
  MATRIX_CALL_TIMEOUT_MS,
  MATRIX_FAULTS,
  runMatrixCell,
  type MatrixClient,
} from '../harness/stress/clients/fault-matrix.ts';
import { openaiClientFactory } from '../harness/stress/clients/openai.ts';
import { referenceClientFactory } from '../sut/llm-client/factory.ts';

const root = new URL('..', import.meta.url).pathname;
const { values } = parseArgs({
  options: { out: { type: 'string', default: join(root, 'docs/calibration/stress-adapter-matrix.out.md') } },
});
const clients: Array<MatrixClient & { route: string; streams?: boolean[] }> = [
  {
    name: 'reference client',
    route: '/v1/chat/completions',
    factory: referenceClientFactory,
    options: { timeoutMs: MATRIX_CALL_TIMEOUT_MS / 3, backoff: { baseMs: 10 }, cache: false },
  },
  {
    name: 'openai SDK, chat',
    route: '/v1/chat/completions',
    factory: openaiClientFactory,
    options: { api: 'chat' },
  },
  {
    name: 'openai SDK, responses',
    route: '/v1/responses',
    factory: openaiClientFactory,
    options: { api: 'responses' },
  },
  {
    name: '@anthropic-ai/sdk, messages',
    route: '/v1/messages',
    factory: anthropicClientFactory,
    options: {},
  },
  {
    name: 'openai SDK, embeddings (dimensions 64)',
    route: '/v1/embeddings',
    factory: openaiClientFactory,
    options: { api: 'embeddings', dimensions: 64 },
    answer: 'embedding',
    // Embeddings have no stream.
    streams: [false],
  },
];
const started = performance.now();
const lines = [
  '# The stress clients against the mock: every route, streaming and not, each fault',
  '',
  `Generated ${new Date().toISOString()} by \`npx tsx scripts/stress-adapter-matrix.ts\` on ${cpus().length} x ${cpus()[0]?.model.trim()}, Node ${process.version} (openai ${(await import('openai/version')).VERSION}, @anthropic-ai/sdk ${(await import('@anthropic-ai/sdk/version')).VERSION}).`,
  `Each cell is one call through the gauntlet stress client (\`StressClient.call\`) against a fresh mock with 6-token answers: the outcome category the stress report would count, \`×N\` the attempts the client reported ("mock saw" when the mock counted otherwise), and **accepted a cut answer** when the call succeeded with less than the full text. Per-call budget ${MATRIX_CALL_TIMEOUT_MS} ms (the SDK adapters split it over their 3 attempts; the reference client: 300 ms per attempt, 3 attempts); status faults carry \`retry-after-ms=1\`; the SDKs keep their own retries (maxRetries 2). \`503;times=2\` fails the first two attempts of the call; \`slow\` answers after 1 s (past the per-attempt timeout); \`quota 429\` meets a per-key token quota drained just before (Retry-After under a second).`,
  '',
  `| client | route | stream | ${MATRIX_FAULTS.map((f) => f.label).join(' | ')} |`,
  `|---|---|---|${MATRIX_FAULTS.map(() => '---').join('|')}|`,
];
for (const c of clients)
  for (const stream of c.streams ?? [false, true]) {
    const cells: string[] = [];
    for (const f of MATRIX_FAULTS) cells.push(formatCell(await runMatrixCell(c, f, stream)));
    lines.push(`| ${c.name} | ${c.route} | ${stream ? 'SSE' : 'JSON'} | ${cells.join(' | ')} |`);
    console.error(`${c.name} ${stream ? 'SSE' : 'JSON'} done`);
  }
lines.push(
  '',
  "Reading it: no client accepts a cut answer: a cut stream and a stream without its terminal event are `truncated_stream` for every client (the SDK adapters check for `[DONE]` / `response.completed` / `message_stop` themselves: the SDKs alone accept such a stream, see mock-sdk-matrix.out.md). `503;times=2` and `529;times=2` recover on the third attempt everywhere, and the mock counts the same attempts as the clients. The quota 429 is waited out (Retry-After) and the second attempt succeeds. The SDKs do not retry a malformed or cut 200 (×1); the reference client retries them when nothing was streamed to the caller yet. Anthropic's 529 overloaded is retried by every client, Retry-After honoured as for 429 and 503. Checked by harness/stress/clients/fault-matrix.test.ts (the key cells).",
  `Took ${((performance.now() - started) / 1000).toFixed(0)} s; load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(
      ' ',
    )}. The embeddings adapter (\`clientOptions: { api: 'embeddings' }\`) has no stream; "accepted a cut answer" there means a success after a cut or malformed body (the adapter also checks one vector per input of the requested length).`,
);
writeFileSync(values.out, lines.join('\n') + '\n');
console.log(lines.join('\n'));
