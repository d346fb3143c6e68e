import { z } from 'zod';
import type { CheckResult } from '../core/report.ts';
import { provenanceSchema } from '../baselines/baseline-file.ts';
import { fisherExact, hodgesLehmann, mannWhitneyU, poissonRateTest } from '../stats/index.ts';
import { slowdownOf } from './contention.ts';

const scenarioBaselineSchema = z.object({
  calls: z.number().int().positive(),
  /** 200 evenly spaced quantiles of the successful calls' end-to-end latency (ms). */
  e2eSample: z.array(z.number()),
  ttftSample: z.array(z.number()),
  metrics: z.record(z.string(), z.number()),
  failures: z.record(z.string(), z.number().int().min(0)),
  /** How crowded the CPU was while the load ran (contention.ts); absent in baselines before it, and off Linux. */
  contention: z
    .object({
      factor: z.number().min(1),
      cpuMs: z.number().min(0),
      waitMs: z.number().min(0),
      calibrationCpuMs: z.number().positive().optional(),
    })
    .optional(),
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
  /**
   * `contention` (default, when both runs measured it): latencies divided by the same run's CPU
   * contention factor, a regression being a relative shift above `contentionTolerance`; `absolute`: the rule above.
   */
  latencyGate?: 'contention' | 'absolute';
  /** Relative shift of the contention-scaled latency that counts (0.2 = 20%). */
  contentionTolerance?: number;
  /** Tokens or cost per successful call above baseline x (1 + this) fail. Default 0.1. */
  tokenTolerance?: number;
}

/**
 * Compare a scenario with its baseline. Latency (baseline scaled by the machine-speed factor): one-sided Mann-Whitney U on the stored quantile
 * samples plus the Hodges-Lehmann shift; a regression needs both p < alpha and a shift above the
 * tolerance times the baseline median (and above the floor) (a busy CI machine shifts everything a little). Failures: one
 * conditional binomial (Poisson rate) test per category, calls as exposure; a regression needs
 * p < alpha and a rate at least 1.5x and 0.5 points above the baseline's.
 */
export function compareWithBaseline(
  scenario: string,
  base: ScenarioBaseline,
  now: ScenarioBaseline,
  policy: BaselinePolicy,
): CheckResult[] {
  const checks: CheckResult[] = [...compareLatency(scenario, base, now, policy)];
  const categories = new Set([...Object.keys(base.failures), ...Object.keys(now.failures)]);
  for (const cat of [...categories].sort()) {
    const c = now.failures[cat] ?? 0;
    const b = base.failures[cat] ?? 0;
    const name = `${scenario}/baseline:failures:${cat}`;
    const t = poissonRateTest(c, now.calls, b, base.calls, { alternative: 'greater' });
    const rNow = c / now.calls;
    const rBase = b / base.calls;
    const regressed =
      t.ok && t.pValue < policy.alpha && rNow >= (policy.failureRateRatio ?? 1.5) * rBase && rNow - rBase >= 0.005;
    checks.push({
      name,
      verdict: regressed ? 'fail' : 'pass',
      reasons: regressed
        ? [
            `${cat}: ${c}/${now.calls} calls (${(rNow * 100).toFixed(2)}%) against ${b}/${base.calls} (${(rBase * 100).toFixed(2)}%) in the baseline; p = ${t.ok ? t.pValue.toExponential(2) : 'n/a'}`,
          ]
        : [],
      metrics: {
        count: c,
        baseline_count: b,
        rate: rNow,
        baseline_rate: rBase,
        ...(t.ok ? { p_value: t.pValue } : {}),
      },
      change: regressed ? 'regressed' : rNow < rBase ? 'improved' : 'unchanged',
    });
  }
  checks.push(...compareRates(scenario, base, now, policy));
  return checks;
}

/** e2e and TTFT latency, by the contention gate when both runs measured contention, else the absolute rule. */
function compareLatency(
  scenario: string,
  base: ScenarioBaseline,
  now: ScenarioBaseline,
  policy: BaselinePolicy,
): CheckResult[] {
  const checks: CheckResult[] = [];
  for (const label of ['e2e', 'ttft'] as const) {
    const key = label === 'e2e' ? 'e2eSample' : 'ttftSample';
    if (base[key].length === 0 && now[key].length === 0) continue;
    const name = `${scenario}/baseline:${label}-latency`;
    const kNow = now.contention && base.contention ? slowdownOf(now.contention, base.contention) : undefined;
    const kBase = now.contention && base.contention ? slowdownOf(base.contention, now.contention) : undefined;
    const relative = (policy.latencyGate ?? 'contention') === 'contention' && kNow !== undefined && kBase !== undefined;
    const scale = policy.speedFactor ?? 1;
    // Contention gate: both samples in "ms on an uncontended CPU"; the shift is judged relative to the baseline's median.
    const cur = relative ? now[key].map((x) => x / kNow) : now[key];
    const ref = relative ? base[key].map((x) => x / kBase) : base[key].map((x) => x * scale);
    const mw = mannWhitneyU(cur, ref, { alternative: 'greater' });
    const hl = hodgesLehmann(cur, ref, { confidence: 0.95 });
    if (!mw.ok || !hl.ok) {
      checks.push({
        name,
        verdict: 'warn',
        reasons: [`cannot compare: ${!mw.ok ? mw.reason : !hl.ok ? hl.reason : ''}`],
        change: 'new',
      });
      continue;
    }
    const refMedian = ref[Math.floor(ref.length / 2)]!;
    const tolerance = relative ? (policy.contentionTolerance ?? 0.2) : policy.latencyTolerance;
    const allowed = relative ? tolerance * refMedian : Math.max(tolerance * refMedian, policy.latencyFloorMs ?? 0, 1);
    const regressed = mw.pValue < policy.alpha && hl.lower > allowed;
    const improved = hl.upper < -allowed;
    const shiftPct = (hl.estimate / refMedian) * 100;
    const pct = (x: number) => `${x >= 0 ? '+' : ''}${((x / refMedian) * 100).toFixed(1)}%`;
    const why = relative
      ? `${label} latency, each run's divided by the CPU slowdown it measured (x${kNow.toFixed(2)} now, x${kBase.toFixed(2)} for the baseline), shifted by ${pct(hl.estimate)} (95% CI ${pct(hl.lower)} to ${pct(hl.upper)}), allowed +${(tolerance * 100).toFixed(0)}%; Mann-Whitney p = ${mw.pValue.toExponential(2)}`
      : `${label} latency shifted by ${hl.estimate.toFixed(1)} ms (95% CI ${hl.lower.toFixed(1)} to ${hl.upper.toFixed(1)}) over a baseline median of ${refMedian.toFixed(1)} ms; Mann-Whitney p = ${mw.pValue.toExponential(2)}`;
    checks.push({
      name,
      verdict: regressed ? 'fail' : 'pass',
      reasons: regressed ? [why] : [],
      metrics: relative
        ? {
            shift_pct: shiftPct,
            shift_lower_pct: (hl.lower / refMedian) * 100,
            shift_upper_pct: (hl.upper / refMedian) * 100,
            p_value: mw.pValue,
            slowdown: kNow,
            baseline_slowdown: kBase,
            tolerance,
          }
        : {
            shift_ms: hl.estimate,
            shift_lower_ms: hl.lower,
            shift_upper_ms: hl.upper,
            shift_pct: shiftPct,
            p_value: mw.pValue,
            baseline_median_ms: refMedian,
            speed_factor: scale,
            tolerance,
          },
      details: { gate: relative ? 'contention' : 'absolute' },
      change: regressed ? 'regressed' : improved ? 'improved' : 'unchanged',
    });
  }
  return checks;
}

/** Calls that sent a request: the new metric, else (a baseline written before it) every call. */
const reaching = (b: ScenarioBaseline) => b.metrics.calls_reaching_server ?? b.calls;
/** Goodput as a share of offered calls; an older baseline stored only the per-second figures, whose ratio is the same share. */
const goodputShare = (m: Record<string, number>) =>
  m.goodput ?? (m.throughput_per_s ? (m.goodput_per_s ?? 0) / m.throughput_per_s : undefined);

/**
 * Retry amplification (server attempts per call that reached the server: Poisson rate test, regression
 * at 1.25x), cache hit rate and goodput (one-sided Fisher exact tests; regression when 5 / 2 points
 * lower), tokens and cost per successful call (deterministic against the mock: a regression above
 * tokenTolerance) and throughput (one number per run, so no test: a warning below baseline / (1 + latencyTolerance)).
 */
function compareRates(
  scenario: string,
  base: ScenarioBaseline,
  now: ScenarioBaseline,
  policy: BaselinePolicy,
): CheckResult[] {
  const out: CheckResult[] = [];
  const m = now.metrics;
  const b = base.metrics;
  // A baseline from before calls_reaching_server divided by every call: then both sides do, so like is compared with like.
  const denominator = (x: ScenarioBaseline) => (b.calls_reaching_server === undefined ? x.calls : reaching(x));
  if (
    m.server_attempts !== undefined &&
    b.server_attempts !== undefined &&
    b.server_attempts > 0 &&
    denominator(now) > 0
  ) {
    const t = poissonRateTest(m.server_attempts, denominator(now), b.server_attempts, denominator(base), {
      alternative: 'greater',
    });
    const value = m.server_attempts / denominator(now);
    const baseline = b.server_attempts / denominator(base);
    const ratio = value / baseline;
    const regressed = t.ok && t.pValue < policy.alpha && ratio >= 1.25;
    out.push({
      name: `${scenario}/baseline:retry-amplification`,
      verdict: regressed ? 'fail' : 'pass',
      reasons: regressed
        ? [
            `${value.toFixed(3)} server attempts per call that reached the server against ${baseline.toFixed(3)} in the baseline (x${ratio.toFixed(2)})`,
          ]
        : [],
      metrics: { value, baseline, ...(t.ok ? { p_value: t.pValue } : {}) },
      change: regressed ? 'regressed' : ratio < 1 ? 'improved' : 'unchanged',
    });
  }
  out.push(...shareChecks(scenario, base, now, policy));
  for (const [key, label] of [
    ['tokens', 'tokens'],
    ['cost_usd', 'cost'],
  ] as const) {
    const per = (x: Record<string, number>) => {
      const n = x.calls_with_usage;
      if (!n) return undefined;
      return key === 'tokens' ? ((x.prompt_tokens ?? 0) + (x.completion_tokens ?? 0)) / n : (x.cost_usd ?? 0) / n;
    };
    const v = per(m);
    const bv = per(b);
    if (v === undefined || bv === undefined || !(bv > 0)) continue;
    const tol = policy.tokenTolerance ?? 0.1;
    const regressed = v > bv * (1 + tol);
    const show = (x: number) => (key === 'tokens' ? x.toFixed(1) : `$${x.toPrecision(3)}`);
    out.push({
      name: `${scenario}/baseline:${label}-per-call`,
      verdict: regressed ? 'fail' : 'pass',
      reasons: regressed
        ? [
            `${show(v)} ${label} per successful call against ${show(bv)} in the baseline (allowed +${(tol * 100).toFixed(0)}%)`,
          ]
        : [],
      metrics: { value: v, baseline: bv, tolerance: tol },
      change: regressed ? 'regressed' : v < bv ? 'improved' : 'unchanged',
    });
  }
  if (m.throughput_per_s !== undefined && b.throughput_per_s! > 0) {
    const floor = b.throughput_per_s! / (1 + policy.latencyTolerance);
    const low = m.throughput_per_s < floor;
    out.push({
      name: `${scenario}/baseline:throughput`,
      verdict: low ? 'warn' : 'pass',
      reasons: low
        ? [
            `${m.throughput_per_s.toFixed(1)}/s against ${b.throughput_per_s!.toFixed(1)}/s in the baseline (one measurement each: a warning, not a failure)`,
          ]
        : [],
      metrics: { value: m.throughput_per_s, baseline: b.throughput_per_s! },
      change: low ? 'regressed' : m.throughput_per_s > b.throughput_per_s! ? 'improved' : 'unchanged',
    });
  }
  return out;
}

/** Cache hit rate and goodput: shares of calls, one-sided Fisher exact test against the baseline's. */
function shareChecks(
  scenario: string,
  base: ScenarioBaseline,
  now: ScenarioBaseline,
  policy: BaselinePolicy,
): CheckResult[] {
  const out: CheckResult[] = [];
  for (const [label, value, baseline, minDrop] of [
    ['cache-hit-rate', now.metrics.cache_hit_rate, base.metrics.cache_hit_rate, 0.05],
    ['goodput', goodputShare(now.metrics), goodputShare(base.metrics), 0.02],
  ] as const) {
    if (value === undefined || baseline === undefined || !(baseline > 0)) continue;
    const hitsNow = Math.round(value * now.calls);
    const hitsBase = Math.round(baseline * base.calls);
    const t = fisherExact(
      [
        [hitsNow, now.calls - hitsNow],
        [hitsBase, base.calls - hitsBase],
      ],
      { alternative: 'less' },
    );
    const regressed = t.ok && t.pValue < policy.alpha && baseline - value >= minDrop;
    out.push({
      name: `${scenario}/baseline:${label}`,
      verdict: regressed ? 'fail' : 'pass',
      reasons: regressed
        ? [
            `${label.replaceAll('-', ' ')} ${(value * 100).toFixed(1)}% against ${(baseline * 100).toFixed(1)}% in the baseline`,
          ]
        : [],
      metrics: { value, baseline, ...(t.ok ? { p_value: t.pValue } : {}) },
      change: regressed ? 'regressed' : value > baseline ? 'improved' : 'unchanged',
    });
  }
  return out;
}
