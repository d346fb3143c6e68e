/**
 * A canary on real requests: both versions of the LLM client (sut/llm-client) call the seeded mock
 * LLM server on 127.0.0.1, which answers 3% of requests with 503. The canary version dropped its
 * retries, so its callers see the errors the baseline absorbs: the judge must roll it back on the
 * error rate (Fisher's exact test), while its latency, lower without retries, passes.
 */
import type { GauntletConfig } from '../../harness/index.ts';
import { mockServerTraffic, type JudgeConfigInput } from '../../harness/index.ts';
import { referenceClientFactory } from '../../sut/llm-client/index.ts';

const client = { timeoutMs: 2000, backoff: { baseMs: 5, maxMs: 20 }, cache: false };

const judge: JudgeConfigInput = {
  metrics: {
    latency_ms: { group: 'latency', critical: true, allowedChange: 0.05 },
    error: { group: 'errors', critical: true, type: 'rate' },
  },
  groups: { latency: 1, errors: 1 },
  rollback: [{ metric: 'error', stat: 'rate', above: 0.1, minSamples: 50 }],
};

export const mockLlmCanary = {
  kind: 'canary',
  name: 'canary-mock-llm-retries-dropped',
  traffic: mockServerTraffic({
    profile: {
      name: 'canary-503s',
      latency: { ttft: { dist: 'lognormal', medianMs: 15, sigma: 0.3 } },
      faults: [{ type: 'status', status: 503, probability: 0.03 }],
    },
    baseline: { factory: referenceClientFactory, options: { ...client, maxAttempts: 3 } },
    canary: { factory: referenceClientFactory, options: { ...client, maxAttempts: 1 } },
    concurrency: 16,
    describe: 'mock LLM server with 3% 503s; baseline client retries (3 attempts), canary client does not',
  }),
  requests: 1200,
  judge,
  expect: { decision: 'roll back', failing: ['error'] },
} satisfies GauntletConfig['suites'][number];
