import type { CheckResult } from '../core/report.ts';
import { hodgesLehmann, mannWhitneyU } from '../stats/index.ts';
import { slowdownOf } from './contention.ts';
import type { BaselinePolicy, ScenarioBaseline } from './stress-baseline.ts';

/** e2e and TTFT latency, by the contention gate when both runs measured contention, else the absolute rule. */
export function compareMillisecondLatency(
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
