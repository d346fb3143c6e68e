import type { CheckResult } from '../core/report.ts';
import { fisherExact, poissonRateTest } from '../stats/index.ts';
import type { BaselinePolicy, ScenarioBaseline } from './stress-baseline.ts';

/** One scenario's run beside its baseline, as every rate check reads it. */
interface RatePair {
  scenario: string;
  base: ScenarioBaseline;
  now: ScenarioBaseline;
  policy: BaselinePolicy;
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
export function compareRates(
  scenario: string,
  base: ScenarioBaseline,
  now: ScenarioBaseline,
  policy: BaselinePolicy,
): CheckResult[] {
  const pair = { scenario, base, now, policy };
  return [...retryAmplification(pair), ...shareChecks(pair), ...perCallChecks(pair), ...throughput(pair)];
}

/**
 * One metric against the baseline: `onRegress` ('fail', or 'warn' where one number per run cannot be
 * tested) with `reason` when regressed, else pass; `improved` says which way is better.
 */
function againstBaseline(
  p: RatePair,
  c: {
    label: string;
    regressed: boolean;
    reason: () => string;
    improved: boolean;
    metrics: Record<string, number>;
    onRegress?: 'fail' | 'warn';
  },
): CheckResult {
  return {
    name: `${p.scenario}/baseline:${c.label}`,
    verdict: c.regressed ? (c.onRegress ?? 'fail') : 'pass',
    reasons: c.regressed ? [c.reason()] : [],
    metrics: c.metrics,
    change: c.regressed ? 'regressed' : c.improved ? 'improved' : 'unchanged',
  };
}

/** Server attempts per call that reached the server: one-sided Poisson rate test, regression at 1.25x. */
function retryAmplification(p: RatePair): CheckResult[] {
  const m = p.now.metrics;
  const b = p.base.metrics;
  // A baseline from before calls_reaching_server divided by every call: then both sides do, so like is compared with like.
  const denominator = (x: ScenarioBaseline) => (b.calls_reaching_server === undefined ? x.calls : reaching(x));
  if (m.server_attempts === undefined || b.server_attempts === undefined || !(b.server_attempts > 0)) return [];
  if (!(denominator(p.now) > 0)) return [];
  const t = poissonRateTest(m.server_attempts, denominator(p.now), b.server_attempts, denominator(p.base), {
    alternative: 'greater',
  });
  const value = m.server_attempts / denominator(p.now);
  const baseline = b.server_attempts / denominator(p.base);
  const ratio = value / baseline;
  return [
    againstBaseline(p, {
      label: 'retry-amplification',
      regressed: t.ok && t.pValue < p.policy.alpha && ratio >= 1.25,
      reason: () =>
        `${value.toFixed(3)} server attempts per call that reached the server against ${baseline.toFixed(3)} in the baseline (x${ratio.toFixed(2)})`,
      improved: ratio < 1,
      metrics: { value, baseline, ...(t.ok ? { p_value: t.pValue } : {}) },
    }),
  ];
}

/** Cache hit rate and goodput: shares of calls, one-sided Fisher exact test against the baseline's. */
function shareChecks(p: RatePair): CheckResult[] {
  const { base, now } = p;
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
    out.push(
      againstBaseline(p, {
        label,
        regressed: t.ok && t.pValue < p.policy.alpha && baseline - value >= minDrop,
        reason: () =>
          `${label.replaceAll('-', ' ')} ${(value * 100).toFixed(1)}% against ${(baseline * 100).toFixed(1)}% in the baseline`,
        improved: value > baseline,
        metrics: { value, baseline, ...(t.ok ? { p_value: t.pValue } : {}) },
      }),
    );
  }
  return out;
}

/** Tokens and cost per successful call: deterministic against the mock, so a regression above tokenTolerance. */
function perCallChecks(p: RatePair): CheckResult[] {
  const out: CheckResult[] = [];
  for (const [key, label] of [
    ['tokens', 'tokens'],
    ['cost_usd', 'cost'],
  ] as const) {
    const per = (x: Record<string, number>) => {
      const n = x.calls_with_usage;
      if (!n) return undefined;
      return key === 'tokens' ? ((x.prompt_tokens ?? 0) + (x.completion_tokens ?? 0)) / n : (x.cost_usd ?? 0) / n;
    };
    const v = per(p.now.metrics);
    const bv = per(p.base.metrics);
    if (v === undefined || bv === undefined || !(bv > 0)) continue;
    const tol = p.policy.tokenTolerance ?? 0.1;
    const show = (x: number) => (key === 'tokens' ? x.toFixed(1) : `$${x.toPrecision(3)}`);
    out.push(
      againstBaseline(p, {
        label: `${label}-per-call`,
        regressed: v > bv * (1 + tol),
        reason: () =>
          `${show(v)} ${label} per successful call against ${show(bv)} in the baseline (allowed +${(tol * 100).toFixed(0)}%)`,
        improved: v < bv,
        metrics: { value: v, baseline: bv, tolerance: tol },
      }),
    );
  }
  return out;
}

/** Throughput: one number per run, so no test: a warning below baseline / (1 + latencyTolerance). */
function throughput(p: RatePair): CheckResult[] {
  const v = p.now.metrics.throughput_per_s;
  const bv = p.base.metrics.throughput_per_s;
  if (v === undefined || bv === undefined || !(bv > 0)) return [];
  return [
    againstBaseline(p, {
      label: 'throughput',
      regressed: v < bv / (1 + p.policy.latencyTolerance),
      reason: () =>
        `${v.toFixed(1)}/s against ${bv.toFixed(1)}/s in the baseline (one measurement each: a warning, not a failure)`,
      improved: v > bv,
      metrics: { value: v, baseline: bv },
      onRegress: 'warn',
    }),
  ];
}
