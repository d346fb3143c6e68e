/**
 * The bundled canary suites: one canary that should pass and four that the judge must stop, each on
 * seeded simulated traffic (two versions of a service with log-normal latency and Bernoulli errors),
 * and one on real requests to the mock LLM server through two versions of the LLM client.
 * The failing ones declare the decision the judge must reach, so `gauntlet run` stays green while
 * showing the judge catch each kind of bad canary. They route with a weighted round-robin
 * (`routing: 'balanced'`) and effects far above the judge's detection limit, so the declared decision
 * holds for almost any `--seed`, not only the default one: over seeds 1-300 it held for 299 (the
 * exception, seed 256, is a false alarm of the error-rate test on identical versions, which the
 * judge's alpha of 0.05 allows). With 'random' routing a healthy split would also trip the split
 * check at its alpha, 0.1% of seeds.
 */
import {
  latencyErrorModel,
  simulatedTraffic,
  type GauntletConfig,
  type JudgeConfigInput,
} from '../../harness/index.ts';
import { mockLlmCanary } from './mock-llm.ts';

/** The service as it runs today: 120 ms median, 0.3% errors, ~300 tokens a response. */
const stable = { medianMs: 120, sigma: 0.35, errorRate: 0.003, meanTokens: 300 };

/** Judge settings shared by the bundled canaries (docs/guide/canary.md). */
const judge: JudgeConfigInput = {
  metrics: {
    latency_ms: { group: 'latency', critical: true, allowedChange: 0.03 },
    error: { group: 'errors', critical: true, type: 'rate' },
    tokens: { group: 'quality', direction: 'either', allowedChange: 0.02 },
  },
  groups: { latency: 2, errors: 2, quality: 1 },
  rollback: [
    { metric: 'error', stat: 'rate', above: 0.05, minSamples: 20 },
    { metric: 'latency_ms', stat: 'p99', above: 2000, minSamples: 100 },
  ],
};

export const canarySuites = [
  {
    kind: 'canary',
    name: 'canary-identical',
    traffic: simulatedTraffic({
      baseline: latencyErrorModel(stable),
      canary: latencyErrorModel(stable),
      describe: 'simulation: identical versions',
    }),
    // Enough to show each metric within its allowance (promotion needs evidence): at 6,000 requests 8 of
    // seeds 1-100 stayed inconclusive; at 12,000 none did.
    requests: 12000,
    routing: 'balanced' as const,
    judge,
    expect: { decision: 'promote', failing: [], sampleRatioMismatch: false },
  },
  {
    kind: 'canary',
    name: 'canary-latency-regression',
    traffic: simulatedTraffic({
      baseline: latencyErrorModel(stable),
      canary: latencyErrorModel({ ...stable, medianMs: 120 * 1.08 }),
      describe: 'simulation: canary 8% slower',
    }),
    requests: 6000,
    routing: 'balanced' as const,
    judge,
    expect: { decision: 'roll back', failing: ['latency_ms'] },
  },
  {
    kind: 'canary',
    name: 'canary-rare-errors',
    traffic: simulatedTraffic({
      baseline: latencyErrorModel(stable),
      canary: latencyErrorModel({ ...stable, errorRate: 0.015 }),
      describe: 'simulation: canary errors 0.3% -> 1.5%',
    }),
    requests: 10000,
    routing: 'balanced' as const,
    judge,
    expect: { decision: 'roll back', failing: ['error'] },
  },
  {
    kind: 'canary',
    name: 'canary-broken-split',
    traffic: simulatedTraffic({
      baseline: latencyErrorModel(stable),
      canary: latencyErrorModel({ ...stable, lossRate: 0.15 }),
      describe: 'simulation: the canary loses 15% of its request records',
    }),
    requests: 8000,
    routing: 'balanced' as const,
    judge,
    expect: { decision: 'roll back', sampleRatioMismatch: true },
  },
  {
    kind: 'canary',
    name: 'canary-sequential',
    traffic: simulatedTraffic({
      baseline: latencyErrorModel(stable),
      canary: latencyErrorModel({ ...stable, medianMs: 120 * 1.06 }),
      describe: 'simulation: canary 6% slower, judged at 20 looks of 500 requests (stops early)',
    }),
    requests: 10000,
    routing: 'balanced' as const,
    judge: { ...judge, sequential: { looks: 20 } },
    expect: { decision: 'roll back', failing: ['latency_ms'] },
  },
  mockLlmCanary,
] satisfies GauntletConfig['suites'];
