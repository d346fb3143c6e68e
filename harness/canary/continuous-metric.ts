import { hodgesLehmann, mad, mannWhitneyU, median, normalQuantile, type Alternative } from '../stats/index.ts';
import { finiteOrNull, ratio, type AllowanceStatement, type MetricJudgment, type SpreadCheck } from './judgment.ts';
import type { Allowance, AllowanceSource, ResolvedMetric } from './judge-config.ts';
import { classifyChange, samplesToSettle } from './non-inferiority.ts';
import { fmt, pct, pv } from './format.ts';
import { perTestAlpha, summarize, type FamilyContext, type Measurement } from './measurement.ts';

export interface ContinuousOptions {
  confidence: number;
  spreadRatio: number;
}

const alternativeFor = (direction: ResolvedMetric['direction']): Alternative =>
  direction === 'increase' ? 'greater' : direction === 'decrease' ? 'less' : 'two-sided';

/**
 * A continuous metric (latency, tokens): Mann-Whitney U of canary against baseline (as Kayenta), the
 * Hodges-Lehmann shift with its distribution-free interval, effect sizes, and a spread check that
 * catches a canary whose tail widens while its median stays put (which a location test misses).
 */
export function measureContinuous(
  metric: ResolvedMetric,
  allowance: Allowance & { source: AllowanceSource },
  baseline: number[],
  canary: number[],
  options: ContinuousOptions,
): Measurement {
  const b = summarize(baseline);
  const c = summarize(canary);
  const twoSided = mannWhitneyU(canary, baseline, { alternative: 'two-sided' });
  const decision =
    metric.direction === 'either'
      ? twoSided
      : mannWhitneyU(canary, baseline, { alternative: alternativeFor(metric.direction) });
  // All values equal on both sides: nothing changed, the test has nothing to say (p = 1).
  const pValue = twoSided.ok ? twoSided.pValue : 1;
  const decisionPValue = decision.ok ? decision.pValue : 1;
  const hl = hodgesLehmann(canary, baseline, { confidence: options.confidence });
  // Relative to the median; a metric that is mostly zeros (queue time) has median 0, so its mean stands in.
  const base = b.median ? b.median : (b.mean ?? 0);
  const allowedAbs = allowance.relative * Math.abs(base) + allowance.absolute;
  const allowanceStatement: AllowanceStatement = { ...allowance, base, change: allowedAbs };

  let spreadP: number | undefined;
  let spreadTestable = false;
  let tailRatio: number | null = null;
  let madRatio: number | null = null;
  if (metric.spread) {
    const devs = (xs: number[]) => {
      const m = median(xs);
      return xs.map((x) => Math.abs(x - m));
    };
    const test = mannWhitneyU(devs(canary), devs(baseline), { alternative: 'greater' });
    spreadP = test.ok ? test.pValue : 1;
    spreadTestable = test.ok;
    tailRatio = ratio((c.p99 ?? 0) - (c.median ?? 0), (b.p99 ?? 0) - (b.median ?? 0));
    madRatio = ratio(mad(canary), mad(baseline));
  }

  return {
    metric,
    // Only tests that could be performed enter the correction (all-equal data has nothing to test).
    pValues: [...(decision.ok ? [decisionPValue] : []), ...(spreadTestable ? [spreadP!] : [])],
    finish(adjusted, family: FamilyContext): MetricJudgment {
      const adjusted0 = decision.ok ? adjusted[0]! : 1;
      const significant = adjusted0 < family.alpha;
      const est = hl.ok ? hl.estimate : 0;
      const rel = (x: number) =>
        b.median ? ` (${pct(x / Math.abs(b.median))} of the baseline median ${fmt(b.median)})` : '';
      const interval = hl.ok
        ? `shift ${fmt(hl.estimate)}${rel(hl.estimate)}, ${Math.round(options.confidence * 100)}% interval [${fmt(hl.lower)}, ${fmt(hl.upper)}]`
        : 'no shift estimate';
      const allowedText = allowedAbs > 0 ? `allowed change ±${fmt(allowedAbs)}` : 'no change allowed (allowance 0)';
      const reasons: string[] = [];
      const change = hl.ok ? { estimate: hl.estimate, lower: hl.lower, upper: hl.upper } : null;
      let classification: MetricJudgment['classification'] = change
        ? classifyChange(metric.direction, change, allowedAbs, significant)
        : 'inconclusive';
      const p = `${pv(adjusted0)} after correction`;
      if (classification === 'high')
        reasons.push(`increased: ${interval}; ${allowedText}; ${p} < alpha ${family.alpha}`);
      else if (classification === 'low')
        reasons.push(`decreased: ${interval}; ${allowedText}; ${p} < alpha ${family.alpha}`);
      else if (classification === 'pass') reasons.push(`within the allowed change: ${interval}; ${allowedText}; ${p}`);
      else
        reasons.push(
          `inconclusive: ${interval} reaches beyond the ${allowedText}, and the change is not significantly worse (${p}, alpha ${family.alpha})`,
        );

      let spread: SpreadCheck | null = null;
      if (spreadP !== undefined) {
        const adjustedSpread = spreadTestable ? adjusted[decision.ok ? 1 : 0]! : 1;
        const worst = Math.max(tailRatio ?? 0, madRatio ?? 0);
        const flagged = adjustedSpread < family.alpha && worst > options.spreadRatio;
        spread = {
          tailRatio,
          madRatio,
          pValue: finiteOrNull(spreadP),
          adjustedPValue: finiteOrNull(adjustedSpread),
          flagged,
        };
        if (flagged) {
          if (classification !== 'high' && classification !== 'low') classification = 'high';
          reasons.push(
            `spread much wider: tail (p99 - median) ${fmt(tailRatio)}x and MAD ${fmt(madRatio)}x the baseline's (limit ${options.spreadRatio}x), dispersion test ${pv(adjustedSpread)} after correction` +
              (!(significant && est > allowedAbs) ? '; the median alone did not move enough to fail' : ''),
          );
        }
      }

      // Power: the HL interval's half-width gives the standard error of the shift; a change is found with
      // probability `power` when it exceeds allowed + (z_{1-a} + z_power) * SE (a = Holm's strictest step).
      let power: MetricJudgment['power'] = null;
      if (hl.ok) {
        const zConf = normalQuantile(1 - (1 - options.confidence) / 2);
        const se = (hl.upper - hl.lower) / (2 * zConf);
        const a = perTestAlpha(family);
        const zA = normalQuantile(1 - (metric.direction === 'either' ? a / 2 : a));
        const mdc = allowedAbs + (zA + normalQuantile(family.power)) * se;
        const mdr = b.median ? mdc / Math.abs(b.median) : null;
        power = {
          minimumDetectableChange: finiteOrNull(mdc),
          minimumDetectableRelative: finiteOrNull(mdr ?? NaN),
          statement: `with ${b.n} baseline and ${c.n} canary samples, a shift of ${fmt(mdc)}${mdr !== null ? ` (${pct(mdr, false)} of the baseline median)` : ''} or more would be detected with ${Math.round(family.power * 100)}% probability`,
        };
      }

      return {
        name: metric.name,
        type: 'continuous',
        direction: metric.direction,
        group: metric.group,
        critical: metric.critical,
        classification,
        reasons,
        baseline: b,
        canary: c,
        pValue,
        decisionPValue,
        adjustedPValue: adjusted0,
        hodgesLehmann: hl.ok
          ? { estimate: hl.estimate, lower: hl.lower, upper: hl.upper, confidence: options.confidence }
          : null,
        effectSize: {
          medianRatio: ratio(c.median ?? 0, b.median ?? 0),
          meanRatio: ratio(c.mean ?? 0, b.mean ?? 0),
          commonLanguage: twoSided.ok ? twoSided.probabilityOfSuperiority : 0.5,
        },
        allowedChange: allowedAbs,
        allowance: allowanceStatement,
        interval: change && { method: 'hodges-lehmann', ...change, confidence: options.confidence },
        samplesToSettle:
          classification === 'inconclusive' && change
            ? samplesToSettle({
                direction: metric.direction,
                change,
                allowed: allowedAbs,
                confidence: options.confidence,
                perTestAlpha: perTestAlpha(family),
                power: family.power,
                baselineN: b.n,
                canaryN: c.n,
                what: 'the shift',
              })
            : null,
        spread,
        power,
      };
    },
  };
}
