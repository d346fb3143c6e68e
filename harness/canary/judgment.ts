import type { Allowance, AllowanceSource, Direction } from './judge-config.ts';

/**
 * The canary judge's result model, plain JSON (what `gauntlet canary --json` prints and what a canary
 * suite puts in its check details). Numbers that cannot be finite (a ratio over zero) are null.
 */

/**
 * Three outcomes in the bad direction, and one for no data:
 * pass: clearly within the allowance (the interval excludes any bad change larger than the allowed one);
 * high / low: clearly worse (a significant bad increase / decrease beyond the allowance, or, for 'high', a much wider spread);
 * inconclusive: neither, so more samples are needed (see samplesToSettle); no data: not judged, with the reason.
 */
export type Classification = 'pass' | 'inconclusive' | 'high' | 'low' | 'no data';
/** pass: promote. marginal: no evidence against, but non-critical metrics are worse. inconclusive: not enough evidence either way. fail: roll back. */
export type CanaryVerdict = 'pass' | 'marginal' | 'inconclusive' | 'fail';
export type CanaryDecision = 'promote' | 'continue' | 'roll back';

export interface ArmSummary {
  n: number;
  mean: number | null;
  median: number | null;
  p99: number | null;
}

export interface HodgesLehmannInterval {
  /** Shift of the canary relative to the baseline (median of all canary - baseline differences), in metric units. */
  estimate: number;
  lower: number;
  upper: number;
  confidence: number;
}

export interface EffectSize {
  /** canary median / baseline median (continuous). */
  medianRatio?: number | null;
  /** canary mean / baseline mean (continuous). */
  meanRatio?: number | null;
  /** Common-language effect size P(canary > baseline) + P(equal)/2 (continuous): 0.5 means no shift. */
  commonLanguage?: number | null;
  /** canary rate / baseline rate (rate and count metrics). */
  rateRatio?: number | null;
  /** canary rate - baseline rate (rate and count metrics). */
  rateDifference?: number | null;
}

export interface SpreadCheck {
  /** (p99 - median) of the canary over that of the baseline. */
  tailRatio: number | null;
  /** Median absolute deviation of the canary over that of the baseline. */
  madRatio: number | null;
  /** One-sided Mann-Whitney on absolute deviations from each arm's median (canary more dispersed). */
  pValue: number | null;
  adjustedPValue: number | null;
  flagged: boolean;
}

export interface PowerStatement {
  /** Smallest bad change (metric units) detected with the configured power, at these sample sizes. */
  minimumDetectableChange: number | null;
  /** The same relative to the baseline median (continuous) or rate (rate/count). */
  minimumDetectableRelative: number | null;
  statement: string;
}

/** A metric's allowed change: relative x base + absolute, in metric units, and where it came from. */
export interface AllowanceStatement extends Allowance {
  /** The baseline's median (continuous; its mean when the median is 0) or rate the relative part multiplies. */
  base: number;
  /** relative x |base| + absolute, in metric units. */
  change: number;
  source: AllowanceSource;
}

/** The interval the non-inferiority decision reads: canary - baseline, two-sided at the judge's confidence. */
export interface ChangeInterval {
  method: 'hodges-lehmann' | 'newcombe' | 'poisson-mover';
  estimate: number;
  lower: number;
  upper: number;
  confidence: number;
}

/** For an inconclusive metric: the samples per arm that would settle it at the observed rates and spread. */
export interface SettleEstimate {
  baseline: number | null;
  canary: number | null;
  statement: string;
}

export interface MetricJudgment {
  name: string;
  /** The test family used: 'continuous' (Mann-Whitney + HL), 'rate' (Fisher), 'count' (Poisson), or null when not judged. */
  type: 'continuous' | 'rate' | 'count' | null;
  direction: Direction;
  group: string;
  critical: boolean;
  classification: Classification;
  /** Why, in words (always at least one line). */
  reasons: string[];
  baseline: ArmSummary;
  canary: ArmSummary;
  /** Two-sided p-value: scipy mannwhitneyu (continuous), Fisher's exact (rate), conditional binomial (count). */
  pValue: number | null;
  /** p-value of the test that decides: one-sided in the bad direction, two-sided for 'either'. */
  decisionPValue: number | null;
  /** decisionPValue after the multiple-comparison correction across the whole family. */
  adjustedPValue: number | null;
  hodgesLehmann: HodgesLehmannInterval | null;
  effectSize: EffectSize;
  /** Allowed change in metric units (for rates: in rate units), both sides (= allowance.change). */
  allowedChange: number;
  /** How the allowed change was set (null when not judged). */
  allowance: AllowanceStatement | null;
  /** The change interval the three outcomes are read from (null when not judged). */
  interval: ChangeInterval | null;
  /** Only for an inconclusive metric. */
  samplesToSettle: SettleEstimate | null;
  spread: SpreadCheck | null;
  power: PowerStatement | null;
}

export interface SrmCheck {
  /** False when the observed split differs from the configured one (p below srmAlpha). */
  ok: boolean;
  baseline: number;
  canary: number;
  expectedCanaryShare: number;
  observedCanaryShare: number | null;
  pValue: number | null;
  statement: string;
}

export interface RollbackHit {
  metric: string;
  stat: string;
  value: number;
  above: number;
  statement: string;
}

export interface GroupScore {
  name: string;
  weight: number;
  judged: number;
  /** Judged metrics clearly within their allowance. */
  passed: number;
  /** Judged metrics neither clearly within nor clearly worse. */
  inconclusive: number;
  /** 0-100 share clearly within, or null when no metric of the group could be judged (left out of the score). */
  score: number | null;
}

export interface CanaryJudgment {
  verdict: CanaryVerdict;
  decision: CanaryDecision;
  /** 0-100, never NaN: the weighted share of judged metrics clearly within their allowance. */
  score: number;
  /** The score if every inconclusive metric turned out within its allowance (the share not clearly worse). */
  bestScore: number;
  reasons: string[];
  srm: SrmCheck;
  rollback: RollbackHit[];
  metrics: MetricJudgment[];
  groups: GroupScore[];
  settings: {
    alpha: number;
    confidence: number;
    correction: 'holm' | 'none';
    canaryShare: number;
    scoreThresholds: { pass: number; marginal: number };
    /** What an inconclusive verdict does to the exit code. */
    inconclusive: 'warn' | 'fail';
    /** Default allowances per metric type (a metric's own, or `defaults`, take precedence). */
    allowances: Record<'continuous' | 'rate' | 'count', Allowance>;
  };
}

/** A number, or null when it is not finite (JSON has no Infinity or NaN). */
export function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** Ratio a / b, or null when it would not be finite. */
export function ratio(a: number, b: number): number | null {
  return b === 0 ? null : finiteOrNull(a / b);
}

/** The exit code of a judgment: 1 for fail, and for inconclusive when the policy says 'fail'; else 0. */
export function canaryExitCode(j: Pick<CanaryJudgment, 'verdict' | 'settings'>): 0 | 1 {
  if (j.verdict === 'fail') return 1;
  return j.verdict === 'inconclusive' && j.settings.inconclusive === 'fail' ? 1 : 0;
}
