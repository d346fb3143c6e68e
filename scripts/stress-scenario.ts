/**
 * Run one or more default stress scenarios outside the suite and print their figures (for tuning
 * profiles and SLOs): `npx tsx scripts/stress-scenario.ts [--seed 1] [--runs 1] [scenario...]`
 * (run r with seed + r - 1; the scenario's client options as the suite sets them).
 */
import { parseArgs } from 'node:util';
import { realClock } from '../harness/core/clock.ts';
import { provideRedis } from '../harness/stress/redis-provider.ts';
import { resolveProfile, runScenario } from '../harness/stress/run-scenario.ts';
import { scenarioSchema } from '../harness/stress/suite-schema.ts';
import { defaultStressScenarios } from '../suites/stress/scenarios.ts';
import { referenceClientFactory } from '../sut/llm-client/factory.ts';

const { values: args, positionals: want } = parseArgs({
  allowPositionals: true,
  options: { seed: { type: 'string', default: '1' }, runs: { type: 'string', default: '1' } },
});
const chosen = defaultStressScenarios.filter((s) => want.length === 0 || want.includes(s.name));
for (let run = 0; run < Number(args.runs); run++) {
  // A fresh Redis per run, as the suite starts one: a run's cache must not answer the next run's prompts.
  const redis = await provideRedis('auto');
  try {
    for (const input of chosen) {
      const sc = scenarioSchema.parse(input);
      const seed = Number(args.seed) + run;
      const profile = await resolveProfile(sc.profile, process.cwd(), sc.name);
      const t0 = performance.now();
      const out = await runScenario(sc, profile, {
        factory: referenceClientFactory,
        clientOptions: {},
        seed,
        clock: realClock,
        redisUrl: redis.url,
        signal: new AbortController().signal,
        rootDir: process.cwd(),
      });
      const r = out.results;
      console.log(
        `${sc.name} seed ${seed}: ${(performance.now() - t0).toFixed(0)} ms, calls ${r.calls}, success ${r.successRate}, outside-fault errors ${r.errorRateOutsideFaults}, amplification ${r.retryAmplification}, cache ${r.cacheHitRate}`,
      );
      console.log(
        `  e2e p50/p95/p99 ${r.latency.e2e.p50}/${r.latency.e2e.p95}/${r.latency.e2e.p99} ms; ttft p95 ${r.latency.ttft.p95}; tpot p50 ${r.latency.tpot.p50}; itl p50 ${r.latency.itl.p50}`,
      );
      console.log(`  failures ${JSON.stringify(r.failures)} server ${JSON.stringify(r.serverFaults)}`);
      console.log(`  phases ${JSON.stringify(r.phases)}`);
      for (const t of r.transitions) console.log(`  ${t.atMs.toFixed(0)} ms ${t.from} -> ${t.to}: ${t.cause}`);
    }
  } finally {
    await redis.stop();
  }
}
