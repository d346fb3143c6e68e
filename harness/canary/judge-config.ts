import { z } from 'zod';

/**
 * The canary judge's configuration: the `judge` key of a canary suite entry, or the file given to
 * `gauntlet canary --config`. Validated once, here; everything downstream trusts it.
 */

/** Which change of a metric is bad: 'increase' (latency, errors), 'decrease' (throughput, hit rate) or 'either'. */
export const directionSchema = z.enum(['increase', 'decrease', 'either']);
export type Direction = z.infer<typeof directionSchema>;

/**
 * 'continuous': Mann-Whitney + Hodges-Lehmann (latency, tokens, scores).
 * 'rate': one 0/1 value per request (error, timeout), judged with Fisher's exact test.
 * 'count': non-negative integer event counts per interval, judged with a Poisson rate test (exposure = intervals).
 * 'auto' (default): 'rate' when every value on both sides is 0 or 1, else 'continuous'.
 */
export const metricTypeSchema = z.enum(['auto', 'continuous', 'rate', 'count']);
export type MetricType = z.infer<typeof metricTypeSchema>;

export const metricConfigSchema = z.strictObject({
  type: metricTypeSchema.optional(),
  direction: directionSchema.optional(),
  /** Allowed change as a fraction of the baseline's median (continuous) or rate (rate/count): 0.05 = 5%. */
  allowedChange: z.number().min(0).optional(),
  /** Allowed change in metric units (rate units for a rate: 0.005 = half a percentage point), added to the relative one. */
  allowedAbsolute: z.number().min(0).optional(),
  /** Score group; metrics without one are in group 'default'. */
  group: z.string().min(1).optional(),
  /**
   * A critical metric clearly worse rolls the canary back whatever the score; promotion needs every
   * critical metric clearly within its allowance.
   */
  critical: z.boolean().optional(),
  /** Minimum samples per arm before this metric is judged ('no data' below). */
  minSamples: z.number().int().min(1).optional(),
  /** Spread check for continuous metrics (default true). */
  spread: z.boolean().optional(),
});
export type MetricConfig = z.infer<typeof metricConfigSchema>;

const allowanceSchema = z.strictObject({
  /** Fraction of the baseline's median (continuous; its mean when the median is 0) or rate. */
  relative: z.number().min(0),
  /** Metric units (rate units for a rate). */
  absolute: z.number().min(0),
});
export type Allowance = z.infer<typeof allowanceSchema>;

/**
 * Defaults a reviewer can accept without reading further: latency and other continuous metrics may move
 * 5% of the baseline median; a rate may rise half a percentage point plus 5% of its baseline (so 1% -> 1.55%
 * passes, 1% -> 3% does not); counts 5% of the baseline rate.
 */
export const DEFAULT_ALLOWANCES = {
  continuous: { relative: 0.05, absolute: 0 },
  rate: { relative: 0.05, absolute: 0.005 },
  count: { relative: 0.05, absolute: 0 },
} as const satisfies Record<'continuous' | 'rate' | 'count', Allowance>;

export const rollbackRuleSchema = z.strictObject({
  /** The metric whose canary arm is checked. */
  metric: z.string().min(1),
  /** Statistic of the canary arm compared to the limit: 'rate' = mean of 0/1 values. */
  stat: z.enum(['mean', 'rate', 'p50', 'p90', 'p95', 'p99', 'max']),
  /** Roll back when the statistic is above this, in the metric's units. */
  above: z.number(),
  /** Do not apply the rule before the canary has this many samples of the metric (default 1). */
  minSamples: z.number().int().min(1).default(1),
});
export type RollbackRule = z.infer<typeof rollbackRuleSchema>;

export const judgeConfigSchema = z.strictObject({
  /** Family-wise false fail rate across all metrics (Holm-corrected). */
  alpha: z.number().gt(0).lt(0.5).default(0.05),
  /** Confidence level of Hodges-Lehmann intervals: at least 0.95. */
  confidence: z.number().min(0.95, 'confidence must be at least 0.95').lt(1).default(0.95),
  /** 'holm' (default) controls the family-wise error rate; 'none' tests each metric at alpha. */
  correction: z.enum(['holm', 'none']).default('holm'),
  /** Configured share of traffic the canary arm gets; the baseline arm gets the rest. */
  canaryShare: z.number().gt(0).lt(1).default(0.5),
  /** Sample ratio mismatch fails below this chi-square p-value. */
  srmAlpha: z.number().gt(0).lt(0.5).default(0.001),
  /** Fewest samples per arm before a metric is judged ('no data' below); a metric may set its own. */
  minSamples: z.number().int().min(1).default(50),
  /** Power statement: the smallest change detectable with this probability. */
  power: z.number().gt(0).lt(1).default(0.8),
  /** Spread check: flag a canary whose tail width (p99 - median) or MAD grows more than this factor with a significant dispersion test. */
  spreadRatio: z.number().gt(1).default(1.5),
  /** Settings of every metric that does not set its own in `metrics`. */
  defaults: z
    .strictObject({
      /** 'auto': 'rate' when every value on both sides is 0 or 1, else 'continuous'; 'count' only when set. */
      type: metricTypeSchema.default('auto'),
      /** Which change is bad: 'increase' (latency, errors), 'decrease' (throughput, hit rate) or 'either'. */
      direction: directionSchema.default('increase'),
      /** Relative allowance for every metric without its own (overrides the per-type default of `allowances`). */
      allowedChange: z.number().min(0).optional(),
      /** Absolute allowance for every metric without its own (overrides the per-type default). */
      allowedAbsolute: z.number().min(0).optional(),
    })
    .default({ type: 'auto', direction: 'increase' }),
  /**
   * Default allowed change per metric type, when neither the metric nor `defaults` sets one: the canary is
   * promoted only when its interval excludes any bad change larger than relative x baseline + absolute.
   */
  allowances: z
    .strictObject({
      /** Allowance of continuous metrics (latency, tokens); by default 5% of the baseline median. */
      continuous: allowanceSchema.default(DEFAULT_ALLOWANCES.continuous),
      /** Allowance of 0/1 metrics (errors); by default 5% of the baseline rate + half a percentage point. */
      rate: allowanceSchema.default(DEFAULT_ALLOWANCES.rate),
      /** Allowance of event counts per interval; by default 5% of the baseline rate. */
      count: allowanceSchema.default(DEFAULT_ALLOWANCES.count),
    })
    .default(DEFAULT_ALLOWANCES),
  /**
   * What an inconclusive canary (not clearly worse, not clearly within its allowances) does to the exit
   * code and the suite verdict: 'fail' (default: no evidence of safety is not a pass) or 'warn'.
   */
  inconclusive: z.enum(['warn', 'fail']).default('fail'),
  /** Per-metric settings, by metric name (over `defaults`). */
  metrics: z.record(z.string().min(1), metricConfigSchema).default({}),
  /** Group weights for the score; groups not listed weigh 1. */
  groups: z.record(z.string().min(1), z.number().min(0)).default({}),
  /** Judge only the metrics named in `metrics` (default false: every metric in both exports). */
  onlyConfigured: z.boolean().default(false),
  /** Score thresholds (0-100): promote needs `pass`; a best-case score below `marginal` rolls back. */
  score: z
    .strictObject({
      /** Promote needs at least this score (and every critical metric clearly within). */
      pass: z.number().min(0).max(100).default(95),
      /** Roll back when even the best-case score (inconclusive metrics counted as within) is below this. */
      marginal: z.number().min(0).max(100).default(75),
    })
    .refine((s) => s.marginal <= s.pass, { message: 'score.marginal must not exceed score.pass' })
    .default({ pass: 95, marginal: 75 }),
  /** Hard limits on the canary arm alone: crossing one rolls back at once. */
  rollback: z.array(rollbackRuleSchema).default([]),
  /** Judge look by look (mSPRT, always-valid p-values) instead of once at the end. */
  sequential: z
    .strictObject({
      /** Number of interim looks (the last is the planned end). */
      looks: z.number().int().min(1).default(20),
      /**
       * Mixing standard deviation of the mSPRT prior on the effect, in pooled standard deviations of the
       * metric (Johari et al. 2017); larger favours large effects.
       */
      tau: z.number().gt(0).default(0.1),
    })
    .optional(),
});
export type JudgeConfigInput = z.input<typeof judgeConfigSchema>;
export type JudgeConfig = z.output<typeof judgeConfigSchema>;

/** The resolved settings of one metric. */
export interface ResolvedMetric {
  name: string;
  type: MetricType;
  direction: Direction;
  /** Configured relative allowance (metric, then defaults); undefined: the per-type default applies. */
  allowedChange: number | undefined;
  /** Configured absolute allowance (metric, then defaults); undefined: the per-type default applies. */
  allowedAbsolute: number | undefined;
  group: string;
  critical: boolean;
  minSamples: number;
  spread: boolean;
}

export function resolveMetric(config: JudgeConfig, name: string): ResolvedMetric {
  const m = config.metrics[name] ?? {};
  return {
    name,
    type: m.type ?? config.defaults.type,
    direction: m.direction ?? config.defaults.direction,
    allowedChange: m.allowedChange ?? config.defaults.allowedChange,
    allowedAbsolute: m.allowedAbsolute ?? config.defaults.allowedAbsolute,
    group: m.group ?? 'default',
    critical: m.critical ?? false,
    minSamples: m.minSamples ?? config.minSamples,
    spread: m.spread ?? true,
  };
}

/** Defaults applied to an empty config. */
export function defaultJudgeConfig(): JudgeConfig {
  return judgeConfigSchema.parse({});
}

/** Where a metric's allowance came from, for the report. */
export type AllowanceSource = 'metric' | 'defaults' | 'type default';

/** The allowance of a judged metric of a known type: configured values first, then the type's default. */
export function resolveAllowance(
  config: JudgeConfig,
  metric: ResolvedMetric,
  type: 'continuous' | 'rate' | 'count',
): Allowance & { source: AllowanceSource } {
  const own = config.metrics[metric.name] ?? {};
  const byType = config.allowances[type];
  const configured = metric.allowedChange !== undefined || metric.allowedAbsolute !== undefined;
  return {
    // A metric that sets only one part keeps 0 for the other: "allowedChange: 0.03" means 3%, nothing more.
    relative: metric.allowedChange ?? (configured ? 0 : byType.relative),
    absolute: metric.allowedAbsolute ?? (configured ? 0 : byType.absolute),
    source:
      own.allowedChange !== undefined || own.allowedAbsolute !== undefined
        ? 'metric'
        : configured
          ? 'defaults'
          : 'type default',
  };
}
