import { z } from 'zod';
import type { CheckResult } from '../core/report.ts';
import { provenanceSchema } from '../baselines/baseline-file.ts';
import { hodgesLehmann, mannWhitneyU, poissonRateTest } from '../stats/index.ts';
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
  version: z.literal(1),
  provenance: provenanceSchema,
  /** The machine-speed workload (ms) when the baseline was measured: see machine-speed.ts. */
  calibrationMs: z.number().positive().optional(),
  scenarios: z.record(z.string(), scenarioBaselineSchema),
});
export type StressBaseline = z.infer<typeof stressBaselineSchema>;

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
  return checks;
}
