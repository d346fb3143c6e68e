/**
 * Judging the confirmation of an e2e-latency flag raised against the stored yardstick ratios. Pure:
 * the flagged check and what the re-measure found in, the check the report keeps out.
 *
 * The stored ratios were measured when the baseline was saved; a host that got noisier since (a
 * neighbour on the hypervisor, a busier runner) can stretch the client's work more than the
 * yardstick's and move the ratio with no change in the client. So a flag fails only when a
 * re-measure that compares like with like finds it again (as bench's confirm phase does): the
 * baseline's commit measured now in the same rounds as the head; when that commit cannot be measured,
 * the head's rounds again against the stored ratios (which cannot tell a changed host from a slower
 * client: the reason says so).
 */
import type { CheckResult } from '../core/report.ts';

/** What re-measuring a stored-ratio flag found (phases/confirm.ts). */
export type LatencyConfirmation =
  | {
      /** The baseline's commit measured in the same rounds as the head; `check` is that comparison. */
      kind: 'same-run';
      label: string;
      check: CheckResult;
      durationMs: number;
      /**
       * The first same-round re-measure found the slowdown, so a second one ran (a fail needs both):
       * `check` is the second's when it did not fail, else the smaller of the two shifts.
       */
      firstFailed?: { shiftPct: number | undefined };
    }
  | {
      /** The commit could not be measured: the head's rounds again, judged against the stored ratios. */
      kind: 'head-again';
      unmeasured: string;
      check: CheckResult;
      durationMs: number;
    }
  | {
      /** The re-measure threw (the head's client failed most of its calls in the rounds): the flag stands. */
      kind: 'failed';
      error: string;
      durationMs: number;
    };

const detailsOf = (c: CheckResult): Record<string, unknown> =>
  typeof c.details === 'object' && c.details !== null ? (c.details as Record<string, unknown>) : {};

/** An e2e-latency check that failed against the stored yardstick ratios: the kind a confirmation re-measures. */
export function flaggedAgainstStored(c: CheckResult): boolean {
  const d = detailsOf(c);
  return (
    c.verdict === 'fail' &&
    c.change === 'regressed' &&
    c.name.endsWith('/baseline:e2e-latency') &&
    d.gate === 'yardstick' &&
    !('against' in d) &&
    !('notComparable' in d)
  );
}

const pct = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(1)}%`;

/** "+34.5% (CI +7.2% to +83.7%, p = 2.9e-3)" from a yardstick check's metrics, or its first reason. */
function shiftOf(c: CheckResult): string {
  const m = c.metrics;
  if (m?.shift_pct === undefined || m.shift_lower_pct === undefined || m.shift_upper_pct === undefined)
    return `(${c.reasons[0] ?? 'no figure'})`;
  const p = m.p_value === undefined ? '' : `, p = ${m.p_value.toExponential(1)}`;
  return `${pct(m.shift_pct)} (CI ${pct(m.shift_lower_pct)} to ${pct(m.shift_upper_pct)}${p})`;
}

const ratio = (x: number | undefined) => (x === undefined ? '?' : `x${x.toFixed(3)}`);

/**
 * How much faster or slower the yardstick itself (a bare client, the host's speed for a tiny
 * request) may run than when the baseline was saved before a head-only re-run's second flag is put
 * down to the host rather than the client (either direction). Chosen on the tuning runs of
 * docs/calibration/stress.md part D.
 */
export const HOST_SPEED_SPREAD = 1.25;

/** The yardstick's median call time in a check's rounds over the baseline's (the host's speed for a tiny client, relative). */
const yardstickSpeed = (m: Record<string, number>): number | undefined =>
  m.yardstick_median_ms !== undefined && m.baseline_yardstick_median_ms
    ? m.yardstick_median_ms / m.baseline_yardstick_median_ms
    : undefined;

type Outcome = { verdict: CheckResult['verdict']; change: CheckResult['change']; reasons: string[] };

/**
 * The check the report keeps for a stored-ratio flag. With the baseline's commit measured in the
 * same rounds: fail when the head is slower than it there too (both figures in the reason); warn "the
 * host changed" only when that comparison rules a slowdown beyond the tolerance out (its upper bound
 * within it); else warn "inconclusive". With the head's rounds alone: fail when they flag again and
 * the yardstick runs at the baseline's speed; warn when they do not, or when the yardstick's own
 * speed moved beyond HOST_SPEED_SPREAD (a changed host and a slower client then look alike).
 * Without a confirmation (`confirm: false`, a run cut short) the flag stands as it was.
 */
export function confirmedLatencyCheck(
  flagged: CheckResult,
  c: LatencyConfirmation | undefined,
  saveCommand: string,
): CheckResult {
  if (!c) return flagged;
  if (c.kind === 'failed')
    return {
      ...flagged,
      reasons: [`the confirmation could not measure (${c.error}): the flag stands`, ...flagged.reasons],
      metrics: { ...flagged.metrics, confirm_ms: c.durationMs },
      details: { ...detailsOf(flagged), confirmation: { kind: c.kind, error: c.error } },
    };
  const m = c.check.metrics ?? {};
  const o = c.kind === 'same-run' ? sameRunOutcome(flagged, c, saveCommand) : headAgainOutcome(flagged, c);
  return {
    ...flagged,
    ...o,
    metrics: {
      ...flagged.metrics,
      ...(m.shift_pct !== undefined ? { confirm_shift_pct: m.shift_pct } : {}),
      ...(m.shift_lower_pct !== undefined ? { confirm_shift_lower_pct: m.shift_lower_pct } : {}),
      ...(m.shift_upper_pct !== undefined ? { confirm_shift_upper_pct: m.shift_upper_pct } : {}),
      ...(m.p_value !== undefined ? { confirm_p_value: m.p_value } : {}),
      ...(c.kind === 'same-run' && c.firstFailed?.shiftPct !== undefined
        ? { confirm_first_shift_pct: c.firstFailed.shiftPct }
        : {}),
      ...(c.kind === 'same-run' && m.baseline_ratio !== undefined ? { confirm_reference_ratio: m.baseline_ratio } : {}),
      ...(c.kind === 'head-again' && yardstickSpeed(m) !== undefined
        ? { confirm_yardstick_speed: yardstickSpeed(m)! }
        : {}),
      confirm_ms: c.durationMs,
    },
    details: {
      ...detailsOf(flagged),
      confirmed: o.verdict === 'fail',
      confirmation: {
        kind: c.kind,
        ...detailsOf(c.check),
        ...(c.kind === 'head-again' ? { unmeasured: c.unmeasured } : {}),
      },
    },
  };
}

const stored = (flagged: CheckResult) => `the stored ratios flagged ${shiftOf(flagged)}`;

function sameRunOutcome(
  flagged: CheckResult,
  c: Extract<LatencyConfirmation, { kind: 'same-run' }>,
  saveCommand: string,
): Outcome {
  const m = c.check.metrics ?? {};
  const again = c.firstFailed
    ? c.check.verdict === 'fail'
      ? ' in two re-measures (the smaller shift shown)'
      : ` in a second re-measure (the first showed ${c.firstFailed.shiftPct === undefined ? 'a slowdown' : pct(c.firstFailed.shiftPct)}, and a fail needs both)`
    : '';
  const found = `the head against ${c.label} measured now in the same rounds shows ${shiftOf(c.check)}${again}; its ratio to the yardstick ${ratio(m.baseline_ratio)} now against ${ratio(flagged.metrics?.baseline_ratio)} stored`;
  if (c.check.verdict === 'fail')
    return {
      verdict: 'fail',
      change: 'regressed',
      reasons: [`confirmed: ${stored(flagged)}, and ${found}`, ...flagged.reasons],
    };
  const ruledOut =
    m.shift_upper_pct !== undefined && m.tolerance !== undefined && m.shift_upper_pct <= m.tolerance * 100;
  if (ruledOut)
    return {
      verdict: 'warn',
      change: 'unchanged',
      reasons: [
        `not confirmed: ${stored(flagged)}, but ${found}: the host changed since the baseline was saved, not the client. Re-save the baseline (${saveCommand}) if this is the machine's new normal`,
      ],
    };
  const upTo = m.shift_upper_pct === undefined ? '' : ` (a slowdown up to ${pct(m.shift_upper_pct)} is not ruled out)`;
  return {
    verdict: 'warn',
    change: 'new',
    reasons: [
      `inconclusive: ${stored(flagged)}, and ${found}: neither confirmed nor ruled out by ${m.rounds ?? 'these'} rounds${upTo}. Settle it with more yardstick rounds (yardstick.rounds) or with --against <the baseline's commit>`,
    ],
  };
}

function headAgainOutcome(flagged: CheckResult, c: Extract<LatencyConfirmation, { kind: 'head-again' }>): Outcome {
  const m = c.check.metrics ?? {};
  if (c.check.verdict !== 'fail')
    return {
      verdict: 'warn',
      change: 'unchanged',
      reasons: [
        `not confirmed: ${stored(flagged)}, a re-run of the head's rounds against them ${shiftOf(c.check)}: treated as noise (${c.unmeasured})`,
      ],
    };
  const speed = yardstickSpeed(m);
  const again = `${stored(flagged)}, a re-run of the head's rounds against them ${shiftOf(c.check)}`;
  if (speed !== undefined && (speed > HOST_SPEED_SPREAD || speed < 1 / HOST_SPEED_SPREAD))
    return {
      verdict: 'warn',
      change: 'new',
      reasons: [
        `host changed or client slower: ${again}, but the yardstick itself ran x${speed.toFixed(2)} its time in the baseline (beyond ${HOST_SPEED_SPREAD}x), so the host changed since the baseline was saved and a slower client cannot be told from it; ${c.unmeasured}. Fetch the baseline's commit (fetch-depth: 0) or compare with --against <ref>`,
      ],
    };
  return {
    verdict: 'fail',
    change: 'regressed',
    reasons: [
      `confirmed by a re-run of the head's rounds against the stored ratios: ${again}, with the yardstick at x${speed?.toFixed(2) ?? '?'} its time in the baseline (the host's speed unchanged within ${HOST_SPEED_SPREAD}x); ${c.unmeasured}`,
      ...flagged.reasons,
    ],
  };
}
