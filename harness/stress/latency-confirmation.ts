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
    }
  | {
      /** The commit could not be measured: the head's rounds again, judged against the stored ratios. */
      kind: 'head-again';
      unmeasured: string;
      check: CheckResult;
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
 * The check the report keeps for a stored-ratio flag: fail when the confirmation regressed too (both
 * figures in the reason), else warn, saying what the re-measure showed; without a confirmation (the
 * run was cut short, or `confirm: false`) the flag stands as it was.
 */
export function confirmedLatencyCheck(
  flagged: CheckResult,
  c: LatencyConfirmation | undefined,
  saveCommand: string,
): CheckResult {
  if (!c) return flagged;
  const confirmed = c.check.verdict === 'fail';
  const m = c.check.metrics ?? {};
  const stored = `the stored ratios flagged ${shiftOf(flagged)}`;
  const details = {
    ...detailsOf(flagged),
    confirmed,
    confirmation: {
      kind: c.kind,
      ...detailsOf(c.check),
      ...(c.kind === 'head-again' ? { unmeasured: c.unmeasured } : {}),
    },
  };
  const metrics = {
    ...flagged.metrics,
    ...(m.shift_pct !== undefined ? { confirm_shift_pct: m.shift_pct } : {}),
    ...(m.shift_lower_pct !== undefined ? { confirm_shift_lower_pct: m.shift_lower_pct } : {}),
    ...(m.shift_upper_pct !== undefined ? { confirm_shift_upper_pct: m.shift_upper_pct } : {}),
    ...(m.p_value !== undefined ? { confirm_p_value: m.p_value } : {}),
    ...(c.kind === 'same-run' && m.baseline_ratio !== undefined ? { confirm_reference_ratio: m.baseline_ratio } : {}),
    confirm_ms: c.durationMs,
  };
  if (c.kind === 'same-run') {
    const ownRatio = `its ratio to the yardstick ${ratio(m.baseline_ratio)} now against ${ratio(flagged.metrics?.baseline_ratio)} stored`;
    if (confirmed)
      return {
        ...flagged,
        reasons: [
          `confirmed: ${stored}, and the head against ${c.label} measured now in the same rounds shows ${shiftOf(c.check)}; ${ownRatio}`,
          ...flagged.reasons,
        ],
        metrics,
        details,
      };
    return {
      ...flagged,
      verdict: 'warn',
      change: 'unchanged',
      reasons: [
        `not confirmed: ${stored}, but the head against ${c.label} measured now in the same rounds shows ${shiftOf(c.check)}; ${ownRatio}: the host changed since the baseline was saved, not the client. Re-save the baseline (${saveCommand}) if this is the machine's new normal`,
      ],
      metrics,
      details,
    };
  }
  const why = `${c.unmeasured}, so a host that changed since the baseline was saved cannot be told from a slower client`;
  if (confirmed)
    return {
      ...flagged,
      reasons: [
        `confirmed by a re-run of the head's rounds against the stored ratios: ${stored}, the re-run ${shiftOf(c.check)}; ${why}`,
        ...flagged.reasons,
      ],
      metrics,
      details,
    };
  return {
    ...flagged,
    verdict: 'warn',
    change: 'unchanged',
    reasons: [
      `not confirmed: ${stored}, a re-run of the head's rounds against them ${shiftOf(c.check)}: treated as noise (${c.unmeasured})`,
    ],
    metrics,
    details,
  };
}
