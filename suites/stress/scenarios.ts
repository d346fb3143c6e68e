import type { StressEntry } from '../../harness/stress/suite-schema.ts';

type ScenarioInput = Omit<Partial<StressEntry['scenarios'][number]>, 'slo'> & { name: string; profile: string; slo?: StressEntry['scenarios'][number]['slo'] };

/**
 * The default stress scenarios (what `npx gauntlet run` runs), about 20 s in all. Profiles are
 * relative to the config file.
 */
export const defaultStressScenarios: ScenarioInput[] = [
  {
    // The main scenario: 1,000 calls at once through a client limited to 256 requests in flight.
    name: 'steady-1000',
    profile: 'suites/stress/profiles/steady.yaml',
    calls: 1000,
    concurrency: 1000,
    promptPool: 800,
    clientOptions: { maxConcurrency: 256, timeoutMs: 5000 },
    slo: { e2eMs: 4000, e2eP95Ms: 3000, maxErrorRateOutsideFaults: 0.01, minGoodputRatio: 0.95, maxRetryAmplification: 1.2 },
  },
  {
    name: 'streaming-500',
    profile: 'suites/stress/profiles/streaming.yaml',
    calls: 500,
    concurrency: 500,
    stream: true,
    clientOptions: { maxConcurrency: 256, timeoutMs: 8000 },
    slo: { ttftMs: 4000, ttftP95Ms: 3000, e2eP95Ms: 4000, maxErrorRateOutsideFaults: 0.02 },
  },
  {
    // Open-loop arrivals at 250 calls/s for 8 s across a 3 s burst of 503s.
    name: 'burst-503',
    profile: 'suites/stress/profiles/burst-503.yaml',
    calls: 2000,
    concurrency: 500,
    ratePerSec: 250,
    clientOptions: { breaker: { mode: 'sampling', threshold: 0.5, windowMs: 1000, minimumRps: 10, halfOpenAfterMs: 1000 } },
    slo: { breakerOpensWithinMs: 2000, breakerClosesWithinMs: 5000, maxErrorRateOutsideFaults: 0.01 },
  },
  {
    name: 'chaos',
    profile: 'suites/stress/profiles/chaos.yaml',
    calls: 600,
    concurrency: 200,
    clientOptions: { timeoutMs: 1000, breaker: { mode: 'consecutive', consecutiveFailures: 20 } },
    slo: { e2eP99Ms: 3500, maxErrorRateOutsideFaults: 0.05, maxRetryAmplification: 1.5 },
  },
];
