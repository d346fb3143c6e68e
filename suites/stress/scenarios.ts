import type { StressEntry } from '../../harness/stress/suite-schema.ts';

type ScenarioInput = Omit<Partial<StressEntry['scenarios'][number]>, 'slo'> & {
  name: string;
  profile: string;
  slo?: StressEntry['scenarios'][number]['slo'];
};

/**
 * The default stress scenarios (what `npx gauntlet run` runs), about 30 s in all. Profiles are
 * relative to the config file. The latency SLOs are set for a shared, busy 2-core machine where the
 * mock and the client share one process (1,000 calls at once cost ~0.5 ms of CPU each, on each
 * side); on a dedicated runner they hold with a wide margin. The stored baseline is the sharper check.
 */
export const defaultStressScenarios: ScenarioInput[] = [
  {
    // The main scenario: 1,000 calls at once through a client limited to 256 requests in flight.
    name: 'steady-1000',
    profile: 'suites/stress/profiles/steady.yaml',
    calls: 1000,
    concurrency: 1000,
    promptPool: 800,
    clientOptions: { maxConcurrency: 256, timeoutMs: 15000 },
    slo: {
      e2eMs: 20000,
      e2eP95Ms: 15000,
      maxErrorRateOutsideFaults: 0.01,
      minGoodputRatio: 0.95,
      maxRetryAmplification: 1.2,
    },
  },
  {
    name: 'streaming-400',
    profile: 'suites/stress/profiles/streaming.yaml',
    calls: 400,
    concurrency: 400,
    stream: true,
    clientOptions: { maxConcurrency: 256, timeoutMs: 15000 },
    // 1% of streams break after tokens were delivered (not retryable): 3% is 4 standard errors above.
    slo: { ttftMs: 20000, ttftP95Ms: 15000, e2eP95Ms: 20000, maxErrorRateOutsideFaults: 0.035 },
  },
  {
    // Open-loop arrivals at 150 calls/s for 5 s across a 2 s burst of 503s.
    name: 'burst-503',
    profile: 'suites/stress/profiles/burst-503.yaml',
    calls: 750,
    concurrency: 300,
    ratePerSec: 150,
    clientOptions: {
      breaker: { mode: 'sampling', threshold: 0.5, windowMs: 1000, minimumRps: 10, halfOpenAfterMs: 1000 },
    },
    slo: { breakerOpensWithinMs: 2000, breakerClosesWithinMs: 1500, maxErrorRateOutsideFaults: 0.01 },
  },
  {
    name: 'chaos',
    profile: 'suites/stress/profiles/chaos.yaml',
    calls: 400,
    concurrency: 100,
    clientOptions: { timeoutMs: 1000, breaker: { mode: 'consecutive', consecutiveFailures: 50 } },
    // maxCallMs: a hung call must be cut (1 s per attempt here, ~1.1-1.2 s for the slowest call on
    // 2026-11-28); a client without a timeout waited 30 s on a hang and passed every other check.
    slo: { e2eP99Ms: 10000, maxCallMs: 10000, maxErrorRateOutsideFaults: 0.05, maxRetryAmplification: 1.5 },
  },
];
