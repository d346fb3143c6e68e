/**
 * The stress figures with each SDK adapter at 1,000 calls (steady profile, 1,000 at once, streaming):
 * `npx tsx scripts/stress-sdk-adapters.ts [--calls 1000]`. Prints a markdown table.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { realClock } from '../harness/core/clock.ts';
import type { StressClientFactory } from '../harness/stress/client-contract.ts';
import { anthropicClientFactory } from '../harness/stress/clients/anthropic.ts';
import { openaiClientFactory } from '../harness/stress/clients/openai.ts';
import { parseFaultProfile } from '../harness/stress/load-profile.ts';
import { runScenario } from '../harness/stress/run-scenario.ts';
import { scenarioSchema } from '../harness/stress/suite-schema.ts';
import { referenceClientFactory } from '../sut/llm-client/factory.ts';

const { values } = parseArgs({ options: { calls: { type: 'string', default: '1000' } } });
const calls = Number(values.calls);
const clients: Array<[string, StressClientFactory, Record<string, unknown>]> = [
  ['reference client (sut/llm-client)', referenceClientFactory, { maxConcurrency: 256, timeoutMs: 15_000 }],
  ['openai SDK, chat', openaiClientFactory, { api: 'chat' }],
  ['openai SDK, responses', openaiClientFactory, { api: 'responses' }],
  ['@anthropic-ai/sdk, messages', anthropicClientFactory, {}],
];
const profile = parseFaultProfile(
  {
    name: 'steady-sdk',
    latency: {
      ttft: { dist: 'lognormal', medianMs: 40, sigma: 0.35, maxMs: 400 },
      perToken: { dist: 'fixed', ms: 0.5 },
    },
    completionTokens: 16,
    faults: [
      { type: 'status', status: 429, probability: 0.02, retryAfterMs: 100 },
      { type: 'status', status: 503, probability: 0.01 },
      { type: 'no-done', probability: 0.005 },
      { type: 'truncate', probability: 0.005, afterChunks: 3 },
    ],
  },
  'profile',
);
console.log(
  `| client | calls | wall s | success | e2e p50 / p95 ms | TTFT p50 ms | retry amplification | truncated_stream | truncated accepted | cost USD | load1 |`,
);
console.log(`|---|---|---|---|---|---|---|---|---|---|---|`);
for (const [name, factory, clientOptions] of clients) {
  const sc = scenarioSchema.parse({
    name: 'sdk',
    profile: 'x',
    calls,
    concurrency: calls,
    stream: true,
    slo: { e2eMs: 60_000 },
  });
  const out = await runScenario(sc, profile, {
    factory,
    clientOptions,
    seed: 5,
    clock: realClock,
    signal: new AbortController().signal,
    rootDir: process.cwd(),
  });
  const r = out.results;
  console.log(
    `| ${name} | ${r.calls} | ${(r.wallMs / 1000).toFixed(1)} | ${(r.successRate * 100).toFixed(1)}% | ${r.latency.e2e.p50.toFixed(0)} / ${r.latency.e2e.p95.toFixed(0)} | ${r.latency.ttft.p50.toFixed(0)} | ${r.retryAmplification} | ${r.failures.truncated_stream ?? 0} | ${r.truncated.callIds.length} | ${r.tokens.costUsd.toFixed(5)} | ${loadavg()[0]!.toFixed(1)} |`,
  );
}
