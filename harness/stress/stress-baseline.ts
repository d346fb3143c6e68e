import { z } from 'zod';
import type { CheckResult } from '../core/report.ts';
import { provenanceSchema } from '../baselines/baseline-file.ts';
import { fisherExact, hodgesLehmann, mannWhitneyU, poissonRateTest } from '../stats/index.ts';
import type { StressResults } from './analyze.ts';

const scenarioBaselineSchema = z.object({
  calls: z.number().int().positive(),
  /** 200 evenly spaced quantiles of the successful calls' end-to-end latency (ms). */
  e2eSample: z.array(z.number()),
  ttftSample: z.array(z.number()),
  metrics: z.record(z.string(), z.number()),
  failures: z.record(z.string(), z.number().int().min(0)),
});
export type ScenarioBaseline = z.infer<typeof scenarioBaselineSchema>;

export const stressBaselineSchema = z.object({
  schemaVersion: z.literal(1),
  provenance: provenanceSchema,
  /** The machine-speed workload (ms) when the baseline was measured: see machine-speed.ts. */
  calibrationMs: z.number().positive().optional(),
  scenarios: z.record(z.string(), scenarioBaselineSchema),
});
export type StressBaseline = z.output<typeof stressBaselineSchema>;

/** gauntlet 0.1 wrote `version: 1`; every baseline now names its format in `schemaVersion`. */
export function migrateStressBaseline(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || 'schemaVersion' in raw || !('version' in raw)) return raw;
  const { version, ...rest } = raw as Record<string, unknown>;
  return { schemaVersion: version, ...rest };
}

export interface BaselinePolicy {
  /** Relative slowdown (0.5 = 50%) of the latency shift that counts, together with p < alpha. */
  latencyTolerance: number;
  /** A failure rate regresses at this multiple of the baseline's. Default 1.5. */
  failureRateRatio?: number;
  /** Shifts below this (ms) never count. Default 0. */
  latencyFloorMs?: number;
  alpha: number;
  /** Baseline latencies are multiplied by this first (this machine's speed relative to the baseline's). Default 1. */
  speedFactor?: number;
}

/**
 * Compare a scenario with its baseline. Latency (baseline scaled by the machine-speed factor): one-sided Mann-Whitney U on the stored quantile
 * samples plus the Hodges-Lehmann shift; a regression needs both p < alpha and a shift above the
 * tolerance times the baseline median (and above the floor) (a busy CI machine shifts everything a little). Failures: one
 * conditional binomial (Poisson rate) test per category, calls as exposure; a regression needs
 * p < alpha and a rate at least 1.5x and 0.5 points above the baseline's.
 */
export function compareWithBaseline(scenario: string, base: ScenarioBaseline, now: ScenarioBaseline, policy: BaselinePolicy): CheckResult[] {
  const checks: CheckResult[] = [];
  for (const [label, cur, ref] of [
    ['e2e', now.e2eSample, base.e2eSample.map((x) => x * (policy.speedFactor ?? 1))],
    ['ttft', now.ttftSample, base.ttftSample.map((x) => x * (policy.speedFactor ?? 1))],
  ] as const) {
    if (ref.length === 0 && cur.length === 0) continue;
    const name = `${scenario}/baseline:${label}-latency`;
    const mw = mannWhitneyU(cur, ref, { alternative: 'greater' });
    const hl = hodgesLehmann(cur, ref, { confidence: 0.95 });
    if (!mw.ok || !hl.ok) {
      checks.push({ name, verdict: 'warn', reasons: [`cannot compare: ${!mw.ok ? mw.reason : !hl.ok ? hl.reason : ''}`], change: 'new' });
      continue;
    }
    const refMedian = ref[Math.floor(ref.length / 2)]!;
    const allowed = Math.max(policy.latencyTolerance * refMedian, policy.latencyFloorMs ?? 0, 1);
    const regressed = mw.pValue < policy.alpha && hl.lower > allowed;
    const improved = hl.upper < -allowed;
    checks.push({
      name,
      verdict: regressed ? 'fail' : 'pass',
      reasons: regressed
        ? [`${label} latency shifted by ${hl.estimate.toFixed(1)} ms (95% CI ${hl.lower.toFixed(1)} to ${hl.upper.toFixed(1)}) over a baseline median of ${refMedian.toFixed(1)} ms; Mann-Whitney p = ${mw.pValue.toExponential(2)}`]
        : [],
      metrics: { shift_ms: hl.estimate, shift_lower_ms: hl.lower, shift_upper_ms: hl.upper, p_value: mw.pValue, baseline_median_ms: refMedian, speed_factor: policy.speedFactor ?? 1 },
      change: regressed ? 'regressed' : improved ? 'improved' : 'unchanged',
    });
  }
  const categories = new Set([...Object.keys(base.failures), ...Object.keys(now.failures)]);
  for (const cat of [...categories].sort()) {
    const c = now.failures[cat] ?? 0;
    const b = base.failures[cat] ?? 0;
    const name = `${scenario}/baseline:failures:${cat}`;
    const t = poissonRateTest(c, now.calls, b, base.calls, { alternative: 'greater' });
    const rNow = c / now.calls;
    const rBase = b / base.calls;
    const regressed = t.ok && t.pValue < policy.alpha && rNow >= (policy.failureRateRatio ?? 1.5) * rBase && rNow - rBase >= 0.005;
    checks.push({
      name,
      verdict: regressed ? 'fail' : 'pass',
      reasons: regressed ? [`${cat}: ${c}/${now.calls} calls (${(rNow * 100).toFixed(2)}%) against ${b}/${base.calls} (${(rBase * 100).toFixed(2)}%) in the baseline; p = ${t.ok ? t.pValue.toExponential(2) : 'n/a'}`] : [],
      metrics: { count: c, baseline_count: b, rate: rNow, baseline_rate: rBase, ...(t.ok ? { p_value: t.pValue } : {}) },
      change: regressed ? 'regressed' : rNow < rBase ? 'improved' : 'unchanged',
    });
  }
  checks.push(...compareRates(scenario, base, now, policy));
  return checks;
}

/**
 * Retry amplification (server attempts per call: Poisson rate test, regression at 1.25x), cache hit
 * rate (Fisher's exact test on hits and misses, regression when 5 points lower) and throughput and
 * goodput (one number per run, so no test: a warning when below baseline / (1 + latencyTolerance)).
 */
function compareRates(scenario: string, base: ScenarioBaseline, now: ScenarioBaseline, policy: BaselinePolicy): CheckResult[] {
  const out: CheckResult[] = [];
  const m = now.metrics;
  const b = base.metrics;
  if (m.server_attempts !== undefined && b.server_attempts !== undefined && b.server_attempts > 0) {
    const t = poissonRateTest(m.server_attempts, now.calls, b.server_attempts, base.calls, { alternative: 'greater' });
    const ratio = m.server_attempts / now.calls / (b.server_attempts / base.calls);
    const regressed = t.ok && t.pValue < policy.alpha && ratio >= 1.25;
    out.push({
      name: `${scenario}/baseline:retry-amplification`,
      verdict: regressed ? 'fail' : 'pass',
      reasons: regressed ? [`${(m.server_attempts / now.calls).toFixed(3)} server attempts per call against ${(b.server_attempts / base.calls).toFixed(3)} in the baseline (x${ratio.toFixed(2)})`] : [],
      metrics: { value: m.server_attempts / now.calls, baseline: b.server_attempts / base.calls, ...(t.ok ? { p_value: t.pValue } : {}) },
      change: regressed ? 'regressed' : ratio < 1 ? 'improved' : 'unchanged',
    });
  }
  if (m.cache_hit_rate !== undefined && b.cache_hit_rate !== undefined && b.cache_hit_rate > 0) {
    const hitsNow = Math.round(m.cache_hit_rate * now.calls);
    const hitsBase = Math.round(b.cache_hit_rate * base.calls);
    const t = fisherExact(
      [
        [hitsNow, now.calls - hitsNow],
        [hitsBase, base.calls - hitsBase],
      ],
      { alternative: 'less' },
    );
    const regressed = t.ok && t.pValue < policy.alpha && b.cache_hit_rate - m.cache_hit_rate >= 0.05;
    out.push({
      name: `${scenario}/baseline:cache-hit-rate`,
      verdict: regressed ? 'fail' : 'pass',
      reasons: regressed ? [`cache hit rate ${(m.cache_hit_rate * 100).toFixed(1)}% against ${(b.cache_hit_rate * 100).toFixed(1)}% in the baseline`] : [],
      metrics: { value: m.cache_hit_rate, baseline: b.cache_hit_rate, ...(t.ok ? { p_value: t.pValue } : {}) },
      change: regressed ? 'regressed' : m.cache_hit_rate > b.cache_hit_rate ? 'improved' : 'unchanged',
    });
  }
  for (const key of ['throughput_per_s', 'goodput_per_s'] as const) {
    if (m[key] === undefined || !(b[key]! > 0)) continue;
    const floor = b[key]! / (1 + policy.latencyTolerance);
    const low = m[key]! < floor;
    out.push({
      name: `${scenario}/baseline:${key.replace('_per_s', '')}`,
      verdict: low ? 'warn' : 'pass',
      reasons: low ? [`${m[key]!.toFixed(1)}/s against ${b[key]!.toFixed(1)}/s in the baseline (one measurement each: a warning, not a failure)`] : [],
      metrics: { value: m[key]!, baseline: b[key]! },
      change: low ? 'regressed' : m[key]! > b[key]! ? 'improved' : 'unchanged',
    });
  }
  return out;
}
