/**
 * What the first measurement is compared with (phase 3's input): the stored baseline's figures when
 * the plan judges them here, or the base measured in this run; with a base measured now because the
 * stored time figures are from another machine, the stored instruction counts that still hold here
 * (plan.ts) stand in for the counted benchmarks the base side did not measure.
 * Pure: the plan, this machine's fingerprint and the first measurement in, figures out.
 */
import type { Fingerprint } from '../fingerprint.ts';
import type { BaseFigures, StoredFigures } from './compare.ts';
import type { Measured } from './measure-sides.ts';
import type { BenchPlan } from './plan.ts';

export interface PlannedFigures {
  /** The stored baseline, when the plan compares with its figures (no base measured first). */
  storedBase?: StoredFigures;
  /** The stored counts that hold here although the base's timed benchmarks are measured now. */
  storedCounts?: StoredFigures;
}

/** The stored figures the plan compares with, and the stored counts that hold beside a measured base. */
export function plannedFigures(plan: Pick<BenchPlan, 'base'>, here: Fingerprint): PlannedFigures {
  const stored = (baseline: StoredFigures['baseline']): StoredFigures => ({
    kind: 'stored',
    label: 'baseline',
    baseline,
    here,
  });
  if (plan.base.kind === 'stored') return { storedBase: stored(plan.base.baseline) };
  if (plan.base.kind === 'ref' && plan.base.countsFromStored && plan.base.baseline)
    return { storedCounts: stored(plan.base.baseline) };
  return {};
}

/**
 * The figures the first measurement's head is paired with: its measured base (labelled `baseLabel`), else
 * the stored ones (the stored counts alone when the base side had no file left to measure, measure-sides.ts).
 */
export function firstBaseFigures(
  first: Measured,
  baseLabel: string | undefined,
  planned: PlannedFigures,
): BaseFigures | undefined {
  if (!first.base) return planned.storedBase ?? planned.storedCounts;
  return {
    kind: 'measured',
    label: baseLabel ?? 'base',
    measurement: first.base,
    ...(planned.storedCounts ? { stored: planned.storedCounts } : {}),
  };
}
