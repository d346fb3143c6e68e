/**
 * Phase 3, compare, up to the judgement: pair the first measurement with its base figures, and
 * where stored figures cannot be judged here, measure the baseline's commit now and pair with that
 * instead. Stored figures from another machine (or a very different load) are never judged, nor are
 * wall-clock figures the screen does not pass (same-round.ts). When the base cannot be measured now
 * (no commit, --save, an interrupted run), the incomparable ones are "not comparable" warnings.
 * Measures only through `remeasure`; returns the pairs to judge, the checks that need no judgement,
 * and what a shard ships and the counted notes say.
 */
import type { CheckResult } from '../../core/report.ts';
import { notComparableCheck, pairUp, type Pair } from './compare.ts';
import { firstBaseFigures, type PlannedFigures } from './base-figures.ts';
import type { CountedNotes, IncomparableEntry } from './counted-notes.ts';
import type { Measured, SidesMeasurer } from './measure-sides.ts';
import type { BenchPlan } from './plan.ts';
import { screenWallClock, type Screened } from './same-round.ts';
import type { GateSettings } from './settings.ts';

export interface CompareWithBaseInput {
  first: Measured;
  planned: PlannedFigures;
  /** The measurer: the label of the base it can measure (none: undefined), and `again` to measure it now. */
  sides: Pick<SidesMeasurer, 'baseLabel' | 'again'>;
  /** Saving: nothing is measured now. */
  plan: Pick<BenchPlan, 'saving'>;
  /** Whether the run was interrupted (nothing is measured now then). */
  aborted: () => boolean;
  gate: Pick<GateSettings, 'pairOptions' | 'screenOptions'>;
}

export interface ComparedWithBase {
  /** The pairs to judge: the first measurement's (less the screened ones judged same-round), then the re-measured ones. */
  pairs: Pair[];
  /** Checks that need no judgement: load errors, new benchmarks, clock changes, not comparable. */
  checks: CheckResult[];
  /** The pairs a shard ships: stage 0 from the first measurement, stage 1 from the re-measurement. */
  shipped: Array<{ stage: 0 | 1; pair: Pair }>;
  /** The base the checks were compared with, as the report names it (undefined: none). */
  baseLabel?: string;
  /** Label of the base measured now in place of stored figures, when it could be measured. */
  measuredNow?: string;
  /** Wall-clock benchmarks whose stored figures did not pass the screen, judged against the base measured now. */
  sameRound: Screened[];
  /** The notes that count benchmarks: the head's fallbacks, the incomparable and the screened ones. */
  counted: CountedNotes;
}

export async function compareWithBase(i: CompareWithBaseInput): Promise<ComparedWithBase> {
  const { first, planned } = i;
  const { pairOptions, screenOptions } = i.gate;
  const baseLabel = i.sides.baseLabel;
  const paired = pairUp(first.head, firstBaseFigures(first, baseLabel, planned), pairOptions);
  const checks = [...paired.checks];
  let measuredBase = first.base !== undefined;
  let pairs = [...paired.pairs];
  const measuredNow = baseLabel && !i.plan.saving && !i.aborted() ? baseLabel : undefined;
  const screened = measuredNow && planned.storedBase ? screenWallClock(pairs, screenOptions) : [];
  const incomparable: IncomparableEntry[] = paired.incomparable.map((x) => ({
    id: x.m.id,
    file: x.m.file,
    differences: x.differences,
    ...(measuredNow ? { measuredNow } : {}),
  }));
  const shipped: ComparedWithBase['shipped'] = [];
  // A screened benchmark's stored pair gives way only to a same-round pair or check (a run cut short keeps it).
  let replaced = new Set<string>();
  const kept = (p: Pair) => !replaced.has(p.m.id);
  if (measuredNow && (paired.incomparable.length > 0 || screened.length > 0)) {
    const ids = new Set([...paired.incomparable.map((x) => x.m.id), ...screened.map((x) => x.id)]);
    const again = await i.sides.again(ids, first.head, 'remeasure');
    measuredBase = true;
    const rerun = pairUp(again.head, { kind: 'measured', label: measuredNow, measurement: again.base! }, pairOptions);
    const remeasured = new Set([...rerun.pairs.map((p) => p.m.id), ...rerun.checks.map((c) => c.name)]);
    replaced = new Set(screened.map((x) => x.id).filter((id) => remeasured.has(id)));
    pairs = [...pairs.filter(kept), ...rerun.pairs];
    shipped.push(
      ...paired.pairs.filter(kept).map((pair) => ({ stage: 0 as const, pair })),
      ...rerun.pairs.map((pair) => ({ stage: 1 as const, pair })),
    );
    checks.push(...rerun.checks);
  } else {
    shipped.push(...paired.pairs.map((pair) => ({ stage: 0 as const, pair })));
    checks.push(...paired.incomparable.map((x) => notComparableCheck(x, 'baseline')));
  }
  const sameRound = screened.filter((x) => replaced.has(x.id));
  const fileOf = (id: string) => first.head.benches.get(id)!.file;
  const reportedBase = measuredBase ? baseLabel : (planned.storedBase ?? planned.storedCounts) ? 'baseline' : undefined;
  return {
    pairs,
    checks,
    shipped,
    ...(reportedBase !== undefined ? { baseLabel: reportedBase } : {}),
    ...(measuredNow ? { measuredNow } : {}),
    sameRound,
    counted: {
      // How the head was measured (e.g. the instruction clock fell back to the CPU clock: valgrind missing).
      fellBack: first.head.fellBack ? [first.head.fellBack] : [],
      incomparable,
      screened: sameRound.map((x) => ({ id: x.id, file: fileOf(x.id), measuredNow: measuredNow! })),
    },
  };
}
