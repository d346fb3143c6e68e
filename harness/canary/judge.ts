import { holm } from '../stats/index.ts';
import { resolveAllowance, resolveMetric, type JudgeConfig, type ResolvedMetric } from './judge-config.ts';
import type { CanaryDecision, CanaryJudgment, CanaryVerdict, MetricJudgment } from './judgment.ts';
import type { MetricSamples } from './metric-export.ts';
import { measureContinuous } from './continuous-metric.ts';
import { measureRate } from './rate-metric.ts';
import { summarize, type FamilyContext, type Measurement } from './measurement.ts';
import { checkSampleRatio } from './srm.ts';
import { checkRollbackRules } from './rollback.ts';
import { scoreMetrics } from './score.ts';
import { fmt } from './format.ts';

export interface JudgeInput {
  baseline: MetricSamples;
  canary: MetricSamples;
  /** Requests each arm received (for the split check); default: the longest metric array of each side. */
  armSizes?: { baseline: number; canary: number };
}

/** Metric names to judge: configured ones first, then (unless onlyConfigured) those found in either export. */
export function metricNames(config: JudgeConfig, input: JudgeInput): string[] {
  const names = new Set(Object.keys(config.metrics));
  if (!config.onlyConfigured)
    for (const n of [...Object.keys(input.baseline), ...Object.keys(input.canary)]) names.add(n);
  return [...names];
}

const longest = (s: MetricSamples) => Object.values(s).reduce((a, xs) => Math.max(a, xs.length), 0);

/**
 * Judge a canary against its baseline: hard rollback limits, then the sample ratio check, then every
 * metric (tests corrected together across the family), then the weighted score and the decision.
 * Pure: arrays in, a plain-JSON judgment out.
 */
export function judgeCanary(input: JudgeInput, config: JudgeConfig): CanaryJudgment {
  const names = metricNames(config, input);
  const rollback = checkRollbackRules(config.rollback, input.canary);
  const sizes = input.armSizes ?? { baseline: longest(input.baseline), canary: longest(input.canary) };
  const srm = checkSampleRatio(sizes.baseline, sizes.canary, config.canaryShare, config.srmAlpha);

  const slots: Array<MetricJudgment | Measurement> = names.map((name) => {
    const metric = resolveMetric(config, name);
    if (!srm.ok) return noData(metric, input, 'not judged: the sample ratio mismatch invalidates the comparison');
    return measure(metric, input, config);
  });
  const measurements = slots.filter((s): s is Measurement => 'finish' in s);
  const raw = measurements.flatMap((m) => m.pValues);
  const adjusted = config.correction === 'holm' ? holm(raw) : raw.map((p) => Math.min(1, Math.max(0, p)));
  const family: FamilyContext = {
    alpha: config.alpha,
    size: raw.length,
    correction: config.correction,
    power: config.power,
  };
  let offset = 0;
  const metrics = slots.map((s) => {
    if (!('finish' in s)) return s;
    const mine = adjusted.slice(offset, offset + s.pValues.length);
    offset += s.pValues.length;
    return s.finish(mine, family);
  });

  const scores = scoreMetrics(metrics, config.groups);
  const { verdict, decision, reasons } = decide(
    config,
    metrics,
    scores,
    srm.ok ? null : srm.statement,
    rollback.map((r) => r.statement),
  );
  const valid = srm.ok && rollback.length === 0;
  return {
    verdict,
    decision,
    score: valid ? scores.score : 0,
    bestScore: valid ? scores.bestScore : 0,
    reasons,
    srm,
    rollback,
    metrics,
    groups: scores.groups,
    settings: judgeSettings(config),
  };
}

/** The settings a judgment reports (what a reader needs to reproduce or question it). */
export function judgeSettings(config: JudgeConfig): CanaryJudgment['settings'] {
  return {
    alpha: config.alpha,
    confidence: config.confidence,
    correction: config.correction,
    canaryShare: config.canaryShare,
    scoreThresholds: { ...config.score },
    inconclusive: config.inconclusive,
    allowances: {
      continuous: { ...config.allowances.continuous },
      rate: { ...config.allowances.rate },
      count: { ...config.allowances.count },
    },
  };
}

function measure(metric: ResolvedMetric, input: JudgeInput, config: JudgeConfig): MetricJudgment | Measurement {
  const b = input.baseline[metric.name];
  const c = input.canary[metric.name];
  if (!b && !c) return noData(metric, input, 'in neither export');
  if (!b || !c) return noData(metric, input, `only in the ${b ? 'baseline' : 'canary'} export`);
  if (b.length < metric.minSamples || c.length < metric.minSamples) {
    return noData(
      metric,
      input,
      `${b.length} baseline and ${c.length} canary samples; at least ${metric.minSamples} per arm are needed`,
    );
  }
  const binary = (xs: number[]) => xs.every((x) => x === 0 || x === 1);
  let type = metric.type;
  if (type === 'auto') type = binary(b) && binary(c) ? 'rate' : 'continuous';
  if (type === 'rate' && !(binary(b) && binary(c)))
    return noData(metric, input, 'configured as a rate but has values other than 0 and 1');
  if (type === 'count' && ![...b, ...c].every((x) => Number.isInteger(x) && x >= 0)) {
    return noData(metric, input, 'configured as a count but has values that are not non-negative integers');
  }
  const allowance = resolveAllowance(config, metric, type);
  if (type === 'continuous')
    return measureContinuous({ ...metric, type }, allowance, b, c, {
      confidence: config.confidence,
      spreadRatio: config.spreadRatio,
    });
  return measureRate({ ...metric, type }, allowance, b, c, config.confidence);
}

function noData(metric: ResolvedMetric, input: JudgeInput, reason: string): MetricJudgment {
  return {
    name: metric.name,
    type: null,
    direction: metric.direction,
    group: metric.group,
    critical: metric.critical,
    classification: 'no data',
    reasons: [reason],
    baseline: summarize(input.baseline[metric.name] ?? []),
    canary: summarize(input.canary[metric.name] ?? []),
    pValue: null,
    decisionPValue: null,
    adjustedPValue: null,
    hodgesLehmann: null,
    effectSize: {},
    allowedChange: 0,
    allowance: null,
    interval: null,
    samplesToSettle: null,
    spread: null,
    power: null,
  };
}

/** What the decision needs to know of each metric. */
export type DecidedMetric = Pick<MetricJudgment, 'name' | 'classification' | 'critical' | 'group' | 'reasons'> &
  Partial<Pick<MetricJudgment, 'samplesToSettle'>>;

/**
 * Verdict and decision, with the reasons a release manager reads first. Roll back on a hard limit, a
 * split mismatch, a critical metric clearly worse, or a score below marginal even if every inconclusive
 * metric turned out fine. Promote only on evidence: every critical metric clearly within its allowance
 * and the score (clearly-within share) at least `score.pass`. Otherwise continue: inconclusive when more
 * samples could still lead to a promotion, marginal when non-critical metrics are clearly worse.
 */
export function decide(
  config: JudgeConfig,
  metrics: readonly DecidedMetric[],
  scores: { score: number; bestScore: number },
  srmProblem: string | null,
  rollbackHits: readonly string[],
): { verdict: CanaryVerdict; decision: CanaryDecision; reasons: string[] } {
  if (rollbackHits.length) return { verdict: 'fail', decision: 'roll back', reasons: [...rollbackHits] };
  if (srmProblem) return { verdict: 'fail', decision: 'roll back', reasons: [srmProblem] };
  const failed = metrics.filter((m) => m.classification === 'high' || m.classification === 'low');
  const failLines = failed.map(
    (m) => `${m.critical ? 'critical ' : ''}metric ${m.name} ${m.classification}: ${m.reasons.join('; ')}`,
  );
  if (failed.some((m) => m.critical)) return { verdict: 'fail', decision: 'roll back', reasons: failLines };
  const pending = metrics.filter(
    (m) => m.classification === 'inconclusive' || (m.critical && m.classification === 'no data'),
  );
  const pendingLines = pending.map(
    (m) =>
      `${m.critical ? 'critical ' : ''}metric ${m.name} ${m.classification}: ${m.samplesToSettle?.statement ?? m.reasons[0]}`,
  );
  const judged = metrics.filter((m) => m.classification !== 'no data');
  if (judged.length === 0) {
    return {
      verdict: 'inconclusive',
      decision: 'continue',
      reasons: [
        'no metric had enough data to be judged; keep the canary running or collect more samples',
        ...metrics.map((m) => `${m.name}: ${m.reasons[0]}`),
      ],
    };
  }
  const within = judged.filter((m) => m.classification === 'pass').length;
  const scoreLine = `score ${fmt(scores.score)} (pass at ${config.score.pass}, marginal at ${config.score.marginal}): ${within} of ${judged.length} judged metrics clearly within their allowance, ${failed.length} clearly worse, ${judged.length - within - failed.length} inconclusive`;
  if (scores.bestScore < config.score.marginal)
    return { verdict: 'fail', decision: 'roll back', reasons: [scoreLine, ...failLines] };
  const criticalPending = pending.filter((m) => m.critical);
  if (scores.score >= config.score.pass && criticalPending.length === 0)
    return { verdict: 'pass', decision: 'promote', reasons: [scoreLine, ...failLines, ...pendingLines] };
  if (scores.bestScore >= config.score.pass) {
    return {
      verdict: 'inconclusive',
      decision: 'continue',
      reasons: [
        'inconclusive: no evidence yet that the canary is within its allowances; not promoted',
        scoreLine,
        ...pendingLines,
        ...failLines,
      ],
    };
  }
  return { verdict: 'marginal', decision: 'continue', reasons: [scoreLine, ...failLines, ...pendingLines] };
}
