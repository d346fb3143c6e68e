import type { CheckResult } from '../core/report.ts';
import { fisherExact, poissonRateTest } from '../stats/index.ts';
import type { BaselinePolicy, ScenarioBaseline } from './stress-baseline.ts';

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
export function compareRates(
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
