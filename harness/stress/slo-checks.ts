import type { CheckResult } from '../core/report.ts';
import type { StressResults } from './analyze.ts';
import type { Slo } from './suite-schema.ts';

const fmt = (x: number, d = 1) => (Number.isInteger(x) ? String(x) : x.toFixed(d));
const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

function limit(name: string, value: number, max: number, show: (x: number) => string, unit = ''): CheckResult {
  const pass = value <= max;
  return {
    name,
    verdict: pass ? 'pass' : 'fail',
    reasons: pass ? [] : [`${show(value)}${unit} > ${show(max)}${unit}`],
    metrics: { value, limit: max },
  };
}

function floor(name: string, value: number, min: number, show: (x: number) => string): CheckResult {
  const pass = value >= min;
  return {
    name,
    verdict: pass ? 'pass' : 'fail',
    reasons: pass ? [] : [`${show(value)} < ${show(min)}`],
    metrics: { value, limit: min },
  };
}

/** One check per SLO that is set, named `<scenario>/slo:<what>`. Pure. */
export function sloChecks(
  scenario: string,
  slo: Slo,
  r: StressResults,
  faultPhases: ReadonlySet<string>,
): CheckResult[] {
  const out: CheckResult[] = [];
  const name = (s: string) => `${scenario}/slo:${s}`;
  if (slo.e2eP95Ms !== undefined) out.push(limit(name('e2e-p95'), r.latency.e2e.p95, slo.e2eP95Ms, fmt, ' ms'));
  if (slo.e2eP99Ms !== undefined) out.push(limit(name('e2e-p99'), r.latency.e2e.p99, slo.e2eP99Ms, fmt, ' ms'));
  if (slo.ttftP95Ms !== undefined) out.push(limit(name('ttft-p95'), r.latency.ttft.p95, slo.ttftP95Ms, fmt, ' ms'));
  if (slo.maxCallMs !== undefined) out.push(limit(name('slowest-call'), r.slowestCallMs, slo.maxCallMs, fmt, ' ms'));
  if (slo.maxErrorRateOutsideFaults !== undefined) {
    const c = limit(name('error-rate-outside-faults'), r.errorRateOutsideFaults, slo.maxErrorRateOutsideFaults, pct);
    if (r.callsOutsideFaults === 0)
      out.push({ ...c, verdict: 'warn', reasons: ['no call started and ended outside the fault phases'] });
    else out.push(c);
  }
  if (slo.minGoodputRatio !== undefined) out.push(floor(name('goodput'), r.goodput, slo.minGoodputRatio, pct));
  if (slo.maxRetryAmplification !== undefined)
    out.push(limit(name('retry-amplification'), r.retryAmplification, slo.maxRetryAmplification, (x) => x.toFixed(2)));
  if (slo.minCacheHitRate !== undefined)
    out.push(floor(name('cache-hit-rate'), r.cacheHitRate, slo.minCacheHitRate, pct));
  for (const p of r.phases.filter((p) => faultPhases.has(p.name))) {
    if (slo.breakerOpensWithinMs !== undefined) {
      const ok = p.openedAfterMs !== undefined && p.openedAfterMs <= slo.breakerOpensWithinMs;
      out.push({
        name: name(`breaker-opens:${p.name}`),
        verdict: ok ? 'pass' : 'fail',
        reasons: ok
          ? []
          : [
              p.openedAfterMs === undefined
                ? `breaker never opened during '${p.name}' (${p.startMs}-${p.endMs} ms)`
                : `opened ${fmt(p.openedAfterMs)} ms after '${p.name}' began (limit ${slo.breakerOpensWithinMs} ms)`,
            ],
        metrics: {
          ...(p.openedAfterMs !== undefined ? { value: p.openedAfterMs } : {}),
          limit: slo.breakerOpensWithinMs,
        },
      });
    }
    if (slo.breakerClosesWithinMs !== undefined) {
      const ok = p.closedAfterMs !== undefined && p.closedAfterMs <= slo.breakerClosesWithinMs;
      out.push({
        name: name(`breaker-closes:${p.name}`),
        verdict: ok ? 'pass' : 'fail',
        reasons: ok
          ? []
          : [
              p.closedAfterMs === undefined
                ? `breaker never closed after '${p.name}' ended at ${p.endMs} ms`
                : `closed ${fmt(p.closedAfterMs)} ms after '${p.name}' ended (limit ${slo.breakerClosesWithinMs} ms)`,
            ],
        metrics: {
          ...(p.closedAfterMs !== undefined ? { value: p.closedAfterMs } : {}),
          limit: slo.breakerClosesWithinMs,
        },
      });
    }
  }
  return out;
}

/**
 * The resilience verdict, run for every scenario and every client: a call whose answer was cut, ended
 * without `[DONE]` / `message_stop`, or was malformed must not reach the caller as a success. Pure.
 */
export function resilienceCheck(scenario: string, r: StressResults): CheckResult {
  const name = `${scenario}/resilience:truncated-accepted`;
  const t = r.truncated;
  if (!t.attributable) {
    return {
      name,
      verdict: 'warn',
      reasons: [
        'not checked: no server record carries an x-gauntlet-call-id (a target without records, or a client that does not forward StressCallRequest.headers)',
      ],
    };
  }
  const reasons: string[] = [];
  if (t.callIds.length > 0) {
    const shown = t.callIds.slice(0, 20).join(', ');
    reasons.push(
      `${t.callIds.length} call(s) returned a truncated answer as a success (call ids ${shown}${t.callIds.length > 20 ? ', ...' : ''})`,
    );
  }
  if (t.unmatched > 0)
    reasons.push(
      `${t.unmatched} successful call(s) have no server record: the client did not forward x-gauntlet-call-id`,
    );
  return {
    name,
    verdict: t.callIds.length > 0 ? 'fail' : t.unmatched > 0 ? 'warn' : 'pass',
    reasons,
    metrics: { value: t.callIds.length, unmatched: t.unmatched },
    details: { callIds: t.callIds },
  };
}
