import { relative } from 'node:path';
import { currentProvenance, provenanceMismatch, readBaseline, writeBaseline } from '../baselines/baseline-file.ts';
import { realClock } from '../core/clock.ts';
import { suiteVerdict, type Artifact, type CheckResult, type SuiteReport } from '../core/report.ts';
import { defineSuiteKind, type SuiteContext } from '../core/suite-kind.ts';
import { missingBaselineCheck, refuseSave } from '../baselines/policy.ts';
import { LatencyHistogram, type LatencyHistogramJSON } from '../stats/index.ts';
import { LATENCY_FORMULAS, METRIC_FORMULAS, type StressResults } from './analyze.ts';
import { quantileSample } from './latency-summary.ts';
import { calibrationMs, speedFactor } from './machine-speed.ts';
import { provideRedis } from './redis-provider.ts';
import { resolveProfile, runScenario } from './run-scenario.ts';
import { resilienceCheck, sloChecks } from './slo-checks.ts';
import {
  compareWithBaseline,
  migrateStressBaseline,
  stressBaselineSchema,
  type ScenarioBaseline,
  type StressBaseline,
} from './stress-baseline.ts';
import { stressEntrySchema, stressFlagsSchema, type StressEntry, type StressFlags } from './suite-schema.ts';
import { breakerTimelineSvg } from './timeline-svg.ts';

function histogramOf(values: readonly number[]): LatencyHistogramJSON {
  const h = new LatencyHistogram();
  for (const v of values) h.record(v);
  return h.toJSON();
}

/** Flat figures of one scenario for the suite's metrics table. */
export function scenarioMetrics(r: StressResults): Record<string, number> {
  const m: Record<string, number> = {
    calls: r.calls,
    wall_ms: r.wallMs,
    throughput_per_s: r.throughputPerSec,
    offered_per_s: r.offeredPerSec,
    goodput: r.goodput,
    goodput_per_s: r.goodputPerSec,
    success_rate: r.successRate,
    error_rate: r.errorRate,
    error_rate_outside_faults: r.errorRateOutsideFaults,
    fallback_rate: r.fallbackRate,
    retry_amplification: r.retryAmplification,
    server_attempts: r.serverAttempts,
    calls_reaching_server: r.callsReachingServer,
    cache_hit_rate: r.cacheHitRate,
    prompt_tokens: r.tokens.prompt,
    completion_tokens: r.tokens.completion,
    cost_usd: r.tokens.costUsd,
    calls_with_usage: r.tokens.callsWithUsage,
    truncated_accepted: r.truncated.callIds.length,
  };
  for (const [series, s] of Object.entries(r.latency)) {
    if (s.count === 0) continue;
    m[`${series}_p50_ms`] = s.p50;
    m[`${series}_p95_ms`] = s.p95;
    m[`${series}_p99_ms`] = s.p99;
    m[`${series}_p999_ms`] = s.p999;
  }
  for (const [cat, n] of Object.entries(r.failures)) m[`failures.${cat}`] = n;
  return m;
}

async function runStressSuite(entry: StressEntry, ctx: SuiteContext<StressFlags>): Promise<SuiteReport> {
  const t0 = performance.now();
  const seed = ctx.seedOverride ?? entry.seed ?? ctx.seed;
  // Validate every profile before starting anything (a bad profile is an input error, exit code 2).
  // Profile and baseline paths stay inside the project unless the config sets allowOutsidePaths (SECURITY.md).
  for (const [i, sc] of entry.scenarios.entries())
    if (typeof sc.profile === 'string') ctx.resolvePath(sc.profile, `scenarios[${i}].profile`);
  const profiles = await Promise.all(
    entry.scenarios.map((sc, i) =>
      resolveProfile(sc.profile, ctx.rootDir, `suites.${entry.name}.scenarios[${i}].profile`),
    ),
  );
  const baselineFile = ctx.resolvePath(entry.baseline ?? `baselines/stress-${entry.name}.json`, 'baseline');
  const stored = await readBaseline(baselineFile, stressBaselineSchema, { migrate: migrateStressBaseline });
  const calibration = calibrationMs();
  const factor = entry.calibrate ? speedFactor(calibration, stored?.calibrationMs) : 1;
  const redis = await provideRedis(entry.redis);
  const checks: CheckResult[] = [];
  const artifacts: Artifact[] = [];
  const metrics: Record<string, number> = {};
  const notes: string[] = [
    `cache: ${redis.note}`,
    ...Object.values(LATENCY_FORMULAS),
    ...Object.values(METRIC_FORMULAS),
  ];
  const fresh: StressBaseline['scenarios'] = {};
  try {
    for (const [i, sc] of entry.scenarios.entries()) {
      if (ctx.signal.aborted) break;
      ctx.progress({ done: i, total: entry.scenarios.length, label: `scenario ${sc.name}` });
      const s0 = performance.now();
      const out = await runScenario(sc, profiles[i]!, {
        factory: entry.client,
        clientOptions: entry.clientOptions,
        seed: seed + i,
        clock: realClock,
        redisUrl: redis.url,
        signal: ctx.signal,
        rootDir: ctx.rootDir,
      });
      const r = out.results;
      const m = scenarioMetrics(r);
      for (const [k, v] of Object.entries(m)) metrics[`${sc.name}.${k}`] = v;
      checks.push({
        name: `${sc.name}/run`,
        verdict: 'pass',
        reasons: [],
        durationMs: Math.round(performance.now() - s0),
        metrics: m,
        // Serialised HDR histograms, so shards of a run can be merged (LatencyHistogram.mergeAll).
        details: {
          profile: out.profile.name,
          cache: redis.kind,
          formulas: { ...LATENCY_FORMULAS, ...METRIC_FORMULAS },
          ...r,
          histograms: { e2e: histogramOf(out.e2e), ttft: histogramOf(out.ttft) },
        },
      });
      checks.push(...sloChecks(sc.name, sc.slo, r, out.faultPhases), resilienceCheck(sc.name, r));
      if (r.phases.length > 0 || r.transitions.length > 0) {
        artifacts.push({
          name: `${entry.name}-${sc.name}-breaker-timeline.svg`,
          type: 'svg',
          content: breakerTimelineSvg(`${entry.name} / ${sc.name}: breaker vs fault phases`, r, out.faultPhases),
        });
      }
      if (out.contention) metrics[`${sc.name}.cpu_contention`] = out.contention.factor;
      const now: ScenarioBaseline = {
        calls: r.calls,
        e2eSample: quantileSample(out.e2e),
        ttftSample: quantileSample(out.ttft),
        metrics: m,
        failures: r.failures,
        ...(out.contention ? { contention: out.contention } : {}),
      };
      fresh[sc.name] = now;
      const base = stored?.scenarios[sc.name];
      if (base)
        checks.push(
          ...compareWithBaseline(sc.name, base, now, {
            latencyGate: entry.latencyGate,
            contentionTolerance: entry.contentionTolerance,
            latencyTolerance: entry.latencyTolerance,
            latencyFloorMs: entry.latencyFloorMs,
            failureRateRatio: entry.failureRateRatio,
            tokenTolerance: entry.tokenTolerance,
            alpha: entry.alpha,
            speedFactor: factor,
          }),
        );
    }
  } finally {
    await redis.stop();
  }
  metrics.calibration_ms = calibration;
  const here = currentProvenance(ctx.rootDir);
  const rel = relative(ctx.rootDir, baselineFile);
  if (!stored) {
    checks.push(
      missingBaselineCheck({
        name: 'baseline',
        file: rel,
        policy: ctx.missingBaseline,
        saving: Boolean(ctx.flags.save),
        saveCommand: `gauntlet stress ${entry.name} --save`,
      }),
    );
  } else {
    notes.push(...provenanceMismatch(stored.provenance, here));
    if (stored.calibrationMs) {
      notes.push(
        `machine speed: calibration ${calibration} ms now, ${stored.calibrationMs} ms for the baseline${entry.calibrate ? `: baseline latencies scaled by ${factor.toFixed(2)}` : ' (not applied; set calibrate: true to scale)'}`,
      );
    }
    for (const name of Object.keys(stored.scenarios))
      if (!fresh[name]) notes.push(`baseline has scenario '${name}', which this suite no longer runs`);
  }
  if (ctx.flags.save) {
    const refused = refuseSave({ ci: ctx.ci, verdict: suiteVerdict(checks), aborted: ctx.signal.aborted });
    if (refused) notes.push(refused);
    else {
      await writeBaseline(
        baselineFile,
        { schemaVersion: 1, provenance: here, calibrationMs: calibration, scenarios: fresh } satisfies StressBaseline,
        { ci: ctx.ci },
      );
      notes.push(`baseline saved to ${rel}`);
    }
  }
  const verdict = suiteVerdict(checks);
  const failed = checks.filter((c) => c.verdict === 'fail').length;
  const calls = Object.values(fresh).reduce((s, b) => s + b.calls, 0);
  return {
    kind: 'stress',
    name: entry.name,
    verdict,
    durationMs: Math.round(performance.now() - t0),
    summary: `${Object.keys(fresh).length} scenario(s), ${calls} calls, ${failed ? `${failed} check(s) failed` : `${checks.length} checks, none failed`} (cache: ${redis.kind})`,
    checks,
    metrics,
    artifacts,
    notes,
  };
}

export default defineSuiteKind({
  kind: 'stress',
  description: 'concurrent LLM calls through a resilient client against a seeded mock OpenAI-compatible server',
  entrySchema: stressEntrySchema,
  flagsSchema: stressFlagsSchema,
  run: runStressSuite,
});
