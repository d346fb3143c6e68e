import { mean, quantileSorted } from '../stats/index.ts';
import type { ArmSummary, MetricJudgment } from './judgment.ts';
import type { ResolvedMetric } from './judge-config.ts';

/**
 * First phase of judging one metric: the tests are run and their raw p-values collected, so the
 * multiple-comparison correction can see the whole family before anything is classified.
 */
export interface Measurement {
  metric: ResolvedMetric;
  /** Raw p-values entering the correction: the decision test, then (if any) the spread test. */
  pValues: number[];
  /** Second phase: classify with the corrected p-values (same order as pValues). */
  finish(adjusted: number[], family: FamilyContext): MetricJudgment;
}

export interface FamilyContext {
  alpha: number;
  /** Number of tests in the corrected family (the power statement uses alpha / size, Holm's first step). */
  size: number;
  correction: 'holm' | 'none';
  power: number;
}

export function summarize(xs: readonly number[]): ArmSummary {
  if (xs.length === 0) return { n: 0, mean: null, median: null, p99: null };
  const s = Float64Array.from(xs).sort();
  return { n: xs.length, mean: mean(xs), median: quantileSorted(s, 0.5), p99: quantileSorted(s, 0.99) };
}

/** The per-test alpha the power statement assumes: Holm's first (strictest) step. */
export function perTestAlpha(family: FamilyContext): number {
  return family.correction === 'holm' ? family.alpha / Math.max(1, family.size) : family.alpha;
}
