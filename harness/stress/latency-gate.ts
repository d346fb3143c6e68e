import type { CheckResult } from '../core/report.ts';
import { compareMillisecondLatency } from './latency-compare.ts';
import type { BaselinePolicy, ScenarioBaseline, YardstickRecord } from './stress-baseline.ts';
import type { CpuMatch } from './yardstick/matched-work.ts';
import { ratioShift } from './yardstick/ratio-shift.ts';

/** Why the yardstick gate cannot judge this pair of runs, or undefined when it can. */
function yardstickUnusable(base: ScenarioBaseline, now: ScenarioBaseline): string | undefined {
  if (!now.yardstick) return 'this run did not measure the yardstick';
  if (!base.yardstick) return 'the baseline has no yardstick rounds (saved by an earlier version): re-save it';
  const [b, n] = [base.yardstick, now.yardstick];
  if (b.concurrency !== n.concurrency || b.callsPerRound !== n.callsPerRound)
    return `the baseline's yardstick rounds (${b.callsPerRound} calls at concurrency ${b.concurrency}) differ from this run's (${n.callsPerRound} at ${n.concurrency}): re-save it`;
  return undefined;
}

/** The yardstick's fixed work per call in a record: 0 for a bare yardstick (a baseline before the CPU match). */
const workOf = (y: YardstickRecord) => y.cpuMatch?.iterations ?? 0;

/**
 * The fixed work the yardstick must do in a run judged against `base` (yardstick/matched-work.ts): the
 * baseline's own match, so that a client that got heavier shows as slower; null (a bare yardstick) for a
 * baseline without one, so that like is compared with like; when there is no baseline for the scenario
 * or this run saves a new one: undefined (calibrate in this run) with `yardstickCpuMatch`, else null.
 */
export function yardstickWorkFor(
  base: ScenarioBaseline | undefined,
  saving: boolean,
  cpuMatch: boolean,
): CpuMatch | null | undefined {
  if (saving || !base?.yardstick) return cpuMatch ? undefined : null;
  return base.yardstick.cpuMatch ?? null;
}

/**
 * What the e2e-latency check judges the head against: the baseline's stored ratios (its machine and
 * conditions comparable with this run's); another commit's client measured in this run's rounds
 * (the baseline's commit when they are not comparable, or `--against`); or nothing, when they are
 * not comparable and the baseline's commit is not in the repository (a warning, never a fail).
 */
export type LatencyBasis =
  | { kind: 'stored' }
  | {
      kind: 'same-run';
      /** "baseline commit 1a2b3c4d5e" or "origin/main (1a2b3c4d5e)". */
      label: string;
      /** Why it was measured (the differences from the stored baseline, or --against). */
      why: string;
      /** Its log latency ratios to this run's yardstick and its round medians. */
      logRatios: number[];
      headMs: number[];
    }
  | {
      kind: 'not-comparable';
      why: string[];
      /** Why the baseline's commit was not measured instead ("its commit 1a2b3c4d5e is not in this repository ..."). */
      unmeasured: string;
    };

const median = (xs: readonly number[]) => {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length ? s[s.length >> 1]! : NaN;
};

/**
 * Scenario latency against the baseline by the suite's rule: the yardstick gate when both runs
 * measured it, else the contention rule, else absolute milliseconds (the check's details say which
 * rule judged and why it fell back).
 */
export function compareLatency(
  scenario: string,
  base: ScenarioBaseline | undefined,
  now: ScenarioBaseline,
  policy: BaselinePolicy,
  basis: LatencyBasis = { kind: 'stored' },
): CheckResult[] {
  if (basis.kind === 'same-run') return [sameRunCheck(scenario, now, basis, policy)];
  if (!base) return [];
  if (basis.kind === 'not-comparable') return notComparable(scenario, base, now, policy, basis);
  const gate = policy.latencyGate ?? 'yardstick';
  if (gate !== 'yardstick') return compareMillisecondLatency(scenario, base, now, policy);
  const unusable = yardstickUnusable(base, now);
  if (unusable) {
    return compareMillisecondLatency(scenario, base, now, { ...policy, latencyGate: 'contention' }).map((c) => ({
      ...c,
      details: {
        ...(typeof c.details === 'object' ? c.details : {}),
        fallback: `yardstick gate not applied: ${unusable}`,
      },
    }));
  }
  const [b, n] = [base.yardstick!, now.yardstick!];
  if (workOf(b) !== workOf(n))
    return [
      {
        name: `${scenario}/baseline:e2e-latency`,
        verdict: 'warn',
        reasons: [
          `not compared: the baseline's yardstick did ${workOf(b)} iterations of CPU-matched work per call, this run's ${workOf(n)} (a run that saves a baseline calibrates its own)`,
        ],
        change: 'new',
      },
    ];
  const check = yardstickCheck(scenario, b, n, policy);
  if (b.cpuMatch || !policy.yardstickCpuMatch) return [check];
  // Both yardsticks bare: a baseline saved before the CPU match, judged like with like by the older rule.
  return [
    {
      ...check,
      details: {
        ...(typeof check.details === 'object' ? check.details : {}),
        fallback:
          "the baseline's yardstick is not CPU-matched (yardstickCpuMatch is on, the baseline was saved without it): judged against the bare yardstick: re-save it to use the match",
      },
    },
  ];
}

function yardstickCheck(
  scenario: string,
  base: YardstickRecord,
  now: YardstickRecord,
  policy: BaselinePolicy,
  against = 'the baseline',
): CheckResult {
  const name = `${scenario}/baseline:e2e-latency`;
  const tolerance = policy.yardstickTolerance ?? 0.15;
  const alpha = policy.yardstickAlpha ?? 0.01;
  const r = ratioShift(now.logRatios, base.logRatios, { tolerance, alpha });
  if (!r.ok) return { name, verdict: 'warn', reasons: [`cannot compare: ${r.reason}`], change: 'new' };
  const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
  const ratioNow = Math.exp(median(now.logRatios));
  const ratioBase = Math.exp(median(base.logRatios));
  const work = now.cpuMatch
    ? ` (CPU-matched: ${now.cpuMatch.iterations} iterations of fixed work per call)`
    : ' (bare)';
  const why =
    `e2e latency relative to the yardstick client${work}, measured in ${now.logRatios.length} alternating rounds: ` +
    `x${ratioNow.toFixed(3)} now against x${ratioBase.toFixed(3)} for ${against}, a shift of ${pct(r.relative)} ` +
    `(${((1 - 2 * alpha) * 100).toFixed(1)}% CI ${pct(r.relativeLower)} to ${pct(r.relativeUpper)}), allowed +${(tolerance * 100).toFixed(0)}%; ` +
    `Mann-Whitney p = ${r.pSlower.toExponential(2)} (one-sided, alpha ${alpha})`;
  return {
    name,
    verdict: r.change === 'regressed' ? 'fail' : 'pass',
    reasons: r.change === 'regressed' ? [why] : [],
    metrics: {
      shift_pct: r.relative * 100,
      shift_lower_pct: r.relativeLower * 100,
      shift_upper_pct: r.relativeUpper * 100,
      p_value: r.pSlower,
      ratio: ratioNow,
      baseline_ratio: ratioBase,
      head_median_ms: median(now.headMs),
      yardstick_median_ms: median(now.yardstickMs),
      baseline_head_median_ms: median(base.headMs),
      baseline_yardstick_median_ms: median(base.yardstickMs),
      tolerance,
      rounds: now.logRatios.length,
      matched_work_iterations: workOf(now),
    },
    details: { gate: 'yardstick', summary: why },
    change: r.change,
  };
}

/** The head against another commit's client measured in the same rounds: the same rule, both ratios from this run. */
function sameRunCheck(
  scenario: string,
  now: ScenarioBaseline,
  basis: Extract<LatencyBasis, { kind: 'same-run' }>,
  policy: BaselinePolicy,
): CheckResult {
  const name = `${scenario}/baseline:e2e-latency`;
  if (!now.yardstick)
    return {
      name,
      verdict: 'warn',
      reasons: [`not compared with ${basis.label}: this run did not measure the yardstick`],
      change: 'new',
    };
  const ref: YardstickRecord = { ...now.yardstick, logRatios: basis.logRatios, headMs: basis.headMs };
  const check = yardstickCheck(scenario, ref, now.yardstick, policy, `${basis.label}, measured now in the same rounds`);
  return {
    ...check,
    details: { ...(typeof check.details === 'object' ? check.details : {}), against: basis.label, why: basis.why },
  };
}

/** Stored ratios from another machine or very different load, and no commit to measure: both figures, as a warning. */
function notComparable(
  scenario: string,
  base: ScenarioBaseline,
  now: ScenarioBaseline,
  policy: BaselinePolicy,
  basis: Extract<LatencyBasis, { kind: 'not-comparable' }>,
): CheckResult[] {
  const judged = compareLatency(scenario, base, now, policy);
  return judged.map((c) => ({
    ...c,
    verdict: c.verdict === 'error' ? 'error' : 'warn',
    reasons: [
      `not comparable: baseline from another machine or very different load (${basis.why.join('; ')}), and ${basis.unmeasured}; not judged. ${
        typeof c.details === 'object' && c.details !== null && 'summary' in c.details
          ? String(c.details.summary)
          : (c.reasons[0] ?? 'unchanged against the stored figures')
      }. Re-save the baseline on this machine class, or compare with --against <ref>`,
    ],
    change: 'new',
    details: { ...(typeof c.details === 'object' ? c.details : {}), notComparable: basis.why },
  }));
}
