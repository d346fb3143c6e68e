/**
 * Phase 4, confirm: a flagged regression fails only when a re-run finds it again. The re-run
 * measures both sides, interleaved, whenever the base can be measured (a ref, or the stored
 * baseline's commit), so that a difference between the machine or load of the stored figures and
 * now cannot confirm itself; with stored figures only, the head alone is measured again.
 * judgeAndConfirm is the phase: judge the pairs, confirm, and make the judged benchmarks' checks.
 */
import type { CheckResult } from '../../core/report.ts';
import {
  judge,
  judgementCheck,
  outcome,
  pairUp,
  type BaseFigures,
  type Judgement,
  type Pair,
  type PairOptions,
} from './compare.ts';
import type { SidesMeasurer } from './measure-sides.ts';
import type { Measurement } from '../measure.ts';
import type { ComparedWithBase } from './compare-with-base.ts';
import { withScreenLines } from './same-round.ts';
import type { GateSettings } from './settings.ts';

export interface ConfirmInput {
  judgements: Judgement[];
  head: Measurement;
  /** Measure these benchmarks again (both sides when the base can be measured). */
  remeasure: SidesMeasurer['again'];
  /** Label of the re-measured base, when there is one. */
  baseLabel?: string;
  /** The figures the first comparison used (for a head-only re-run). */
  storedBase?: BaseFigures;
  pairOptions: PairOptions;
  judgeOptions: Parameters<typeof judge>[1];
  /** `entry.confirm` and not saving: else regressions stand (or are accepted) without a re-run. */
  enabled: boolean;
  aborted: () => boolean;
  /** Which judgements to re-run (default: those that regressed; a shard re-runs every one a larger Holm family could flag). */
  flagged?: (j: Judgement) => boolean;
  /** Receives the re-run's pairs (a shard ships them, so the merge can confirm with the whole suite's family). */
  onRerun?: (pairs: Pair[]) => void;
}

/** Re-judge the flagged benchmarks on fresh measurements: id -> the re-run's judgement (undefined: no data). */
export async function confirmRegressions(i: ConfirmInput): Promise<Map<string, Judgement | undefined>> {
  const flagged = i.judgements.filter(i.flagged ?? ((j) => outcome(j).change === 'regressed'));
  const out = new Map<string, Judgement | undefined>();
  if (!i.enabled || flagged.length === 0 || i.aborted()) return out;
  const again = await i.remeasure(new Set(flagged.map((j) => j.m.id)), i.head);
  const base: BaseFigures | undefined = again.base
    ? { kind: 'measured', label: i.baseLabel ?? 'base', measurement: again.base }
    : i.storedBase;
  const pairs = pairUp(again.head, base, i.pairOptions).pairs;
  i.onRerun?.(pairs);
  const rerun = judge(pairs, i.judgeOptions);
  for (const j of flagged)
    out.set(
      j.m.id,
      rerun.find((r) => r.m.id === j.m.id),
    );
  return out;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The checks of the judged benchmarks, with the confirmation (or acceptance by --save) applied. */
export function confirmedChecks(
  judgements: readonly Judgement[],
  confirmation: ReadonlyMap<string, Judgement | undefined>,
  o: { saving: boolean; confirm: boolean; rerunBoth: boolean },
): CheckResult[] {
  return judgements.map((j) => {
    const check = judgementCheck(j);
    if (outcome(j).change !== 'regressed') return check;
    if (o.saving) {
      check.verdict = 'warn';
      check.reasons.push('accepted: --save stores this run as the new baseline');
      return check;
    }
    if (!o.confirm) return check;
    const c = confirmation.get(j.m.id);
    const what = o.rerunBoth ? 'a re-run of both sides' : 'a re-run';
    if (c && outcome(c).change === 'regressed') {
      check.reasons.push(
        `confirmed by ${what}: ${pct(outcome(c).ratio - 1)} slower${c.clock === 'time' ? ` (Holm p ${c.evaluated.decision.pAdjusted.toPrecision(2)})` : ''}`,
      );
      check.details = { ...(check.details as object), confirmed: true, confirmRatio: outcome(c).ratio };
    } else {
      check.verdict = 'warn';
      check.change = 'unchanged';
      check.reasons.push(
        c
          ? `not confirmed by ${what} (${pct(outcome(c).ratio - 1)}): treated as noise`
          : 'the confirmation re-run produced no data: not failed',
      );
      check.details = { ...(check.details as object), confirmed: false };
    }
    return check;
  });
}

export interface JudgeAndConfirmInput {
  /** Phase 3's pairs, and the wall-clock benchmarks judged same-round against the base measured now (their checks say so). */
  compared: Pick<ComparedWithBase, 'pairs' | 'sameRound' | 'measuredNow'>;
  head: Measurement;
  /** The measurer: the label of the base it can measure, and `again` for the re-run. */
  sides: Pick<SidesMeasurer, 'baseLabel' | 'again'>;
  /** The figures the first comparison used (for a head-only re-run). */
  storedBase?: BaseFigures;
  gate: Pick<GateSettings, 'pairOptions' | 'judgeOptions'>;
  /** The suite's `confirm`. */
  confirm: boolean;
  saving: boolean;
  aborted: () => boolean;
  /** Under --shard: re-run every judgement a larger Holm family could flag, and return the re-runs' pairs. */
  flagged?: (j: Judgement) => boolean;
}

export interface JudgedAndConfirmed {
  /** The judged benchmarks' checks, confirmed (or accepted by --save), with the screen's lines. */
  checks: CheckResult[];
  /** How the checks were confirmed (a shard ships it, so the merge confirms the same way). */
  options: { saving: boolean; confirm: boolean; rerunBoth: boolean };
  /** The confirmation re-run's pairs, when `flagged` is given (a shard ships them). */
  reruns: Pair[];
}

/** Judge the pairs, confirm the flagged regressions on a re-run, and make the judged benchmarks' checks. */
export async function judgeAndConfirm(i: JudgeAndConfirmInput): Promise<JudgedAndConfirmed> {
  const { pairOptions, judgeOptions } = i.gate;
  const judgements = judge(i.compared.pairs, judgeOptions);
  const confirm = i.confirm && !i.saving;
  const reruns: Pair[] = [];
  const confirmation = await confirmRegressions({
    judgements,
    head: i.head,
    remeasure: (ids, head) => i.sides.again(ids, head),
    baseLabel: i.sides.baseLabel,
    storedBase: i.storedBase,
    pairOptions,
    judgeOptions,
    enabled: confirm,
    aborted: i.aborted,
    ...(i.flagged ? { flagged: i.flagged, onRerun: (p: Pair[]) => reruns.push(...p) } : {}),
  });
  const options = { saving: i.saving, confirm, rerunBoth: i.sides.baseLabel !== undefined };
  const { sameRound, measuredNow } = i.compared;
  const checks = withScreenLines(confirmedChecks(judgements, confirmation, options), sameRound, measuredNow ?? '');
  return { checks, options, reruns };
}
