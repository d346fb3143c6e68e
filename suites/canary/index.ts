/**
 * The bundled canary suites: one canary that should pass and four that the judge must stop, each on
 * seeded simulated traffic (two versions of a service with log-normal latency and Bernoulli errors),
 * and one on real requests to the mock LLM server through two versions of the LLM client.
 * The failing ones declare the decision the judge must reach, so `gauntlet run` stays green while
 * showing the judge catch each kind of bad canary.
 */
import { latencyErrorModel, simulatedTraffic, type JudgeConfigInput } from '../../harness/index.ts';
import { mockLlmCanary } from './mock-llm.ts';

/** The service as it runs today: 120 ms median, 0.3% errors, ~300 tokens a response. */
const stable = { medianMs: 120, sigma: 0.35, errorRate: 0.003, meanTokens: 300 };

/** Judge settings shared by the bundled canaries (README: Canary significance tests). */
const judge: JudgeConfigInput = {
  metrics: {
    latency_ms: { group: 'latency', critical: true, allowedChange: 0.02 },
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
    traffic: simulatedTraffic({ baseline: latencyErrorModel(stable), canary: latencyErrorModel(stable), describe: 'simulation: identical versions' }),
    requests: 6000,
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
    judge,
    expect: { decision: 'roll back', failing: ['latency_ms'] },
  },
  {
    kind: 'canary',
    name: 'canary-rare-errors',
    traffic: simulatedTraffic({
      baseline: latencyErrorModel(stable),
      canary: latencyErrorModel({ ...stable, errorRate: 0.012 }),
      describe: 'simulation: canary errors 0.3% -> 1.2%',
    }),
    requests: 8000,
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
    judge: { ...judge, sequential: { looks: 20 } },
    expect: { decision: 'roll back', failing: ['latency_ms'] },
  },
  mockLlmCanary,
] as const;
