/**
 * Phase 3, judge the run itself: the scenario's figures, its SLO and resilience checks, the breaker
 * timeline, and the record a baseline stores. Pure: the measurement in, checks and figures out.
 */
import type { Artifact, CheckResult } from '../../core/report.ts';
import { LatencyHistogram, type LatencyHistogramJSON } from '../../stats/index.ts';
import { LATENCY_FORMULAS, METRIC_FORMULAS, type StressResults } from '../analyze.ts';
import { quantileSample } from '../latency-summary.ts';
import { resilienceCheck, sloChecks } from '../slo-checks.ts';
import type { ScenarioBaseline } from '../stress-baseline.ts';
import type { Scenario, StressEntry } from '../suite-schema.ts';
import { breakerTimelineSvg } from '../timeline-svg.ts';
import type { ScenarioMeasurement } from './measure-scenario.ts';

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
    slowest_call_ms: r.slowestCallMs,
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

export interface JudgedScenario {
  checks: CheckResult[];
  artifacts: Artifact[];
  /** Figures for the suite's metrics table, unprefixed. */
  metrics: Record<string, number>;
  /** What `--save` stores for this scenario. */
  record: ScenarioBaseline;
}

export function judgeScenario(
  entry: StressEntry,
  sc: Scenario,
  measured: ScenarioMeasurement,
  cache: string,
): JudgedScenario {
  const { outcome: out, yardstick } = measured;
  // The record (what --save stores) holds this run's own rounds, not another commit's measured beside them.
  const own = yardstick && { ...yardstick, reference: undefined };
  const r = out.results;
  const m = scenarioMetrics(r);
  const metrics: Record<string, number> = { ...m };
  if (out.contention) metrics.cpu_contention = out.contention.factor;
  if (measured.yardstickMs !== undefined) metrics.yardstick_ms = measured.yardstickMs;
  const checks: CheckResult[] = [
    {
      name: `${sc.name}/run`,
      verdict: 'pass',
      reasons: [],
      durationMs: measured.durationMs,
      metrics: m,
      // Serialised HDR histograms, so shards of a run can be merged (LatencyHistogram.mergeAll).
      details: {
        profile: out.profile.name,
        cache,
        formulas: { ...LATENCY_FORMULAS, ...METRIC_FORMULAS },
        ...r,
        histograms: { e2e: histogramOf(out.e2e), ttft: histogramOf(out.ttft) },
        ...(yardstick ? { yardstick } : {}),
      },
    },
    ...sloChecks(sc.name, sc.slo, r, out.faultPhases),
    resilienceCheck(sc.name, r),
  ];
  const artifacts: Artifact[] =
    r.phases.length > 0 || r.transitions.length > 0
      ? [
          {
            name: `${entry.name}-${sc.name}-breaker-timeline.svg`,
            type: 'svg',
            content: breakerTimelineSvg(`${entry.name} / ${sc.name}: breaker vs fault phases`, r, out.faultPhases),
          },
        ]
      : [];
  const record: ScenarioBaseline = {
    calls: r.calls,
    e2eSample: quantileSample(out.e2e),
    ttftSample: quantileSample(out.ttft),
    metrics: m,
    failures: r.failures,
    ...(out.contention ? { contention: out.contention } : {}),
    ...(own ? { yardstick: { ...entry.yardstick, ...own } } : {}),
  };
  return { checks, artifacts, metrics, record };
}
