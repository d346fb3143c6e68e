import { fisherExact, normalQuantile, poissonRateTest, type Alternative } from '../stats/index.ts';
import { finiteOrNull, ratio, type MetricJudgment } from './judgment.ts';
import type { Allowance, AllowanceSource, ResolvedMetric } from './judge-config.ts';
import { classifyChange, samplesToSettle } from './non-inferiority.ts';
import { newcombeInterval, poissonDifferenceInterval } from './rate-interval.ts';
import { fmt, pct, pv } from './format.ts';
import { perTestAlpha, summarize, type FamilyContext, type Measurement } from './measurement.ts';

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/**
 * Rare events judged as counts, not with a rank test on zeros and ones (where ties drown the signal):
 * 'rate' (one 0/1 value per request) with Fisher's exact test on the 2x2 table of events and non-events,
 * 'count' (events per interval) with the conditional binomial test of two Poisson rates. The change
 * interval is Newcombe's hybrid score interval (rates) or its Poisson analogue (counts): both keep
 * their coverage with few or no events, where a Wald interval collapses to a point.
 */
export function measureRate(
  metric: ResolvedMetric & { type: 'rate' | 'count' },
  allowance: Allowance & { source: AllowanceSource },
  baseline: number[],
  canary: number[],
  confidence: number,
): Measurement {
  const eb = sum(baseline);
  const ec = sum(canary);
  const nb = baseline.length;
  const nc = canary.length;
  const rb = eb / nb;
  const rc = ec / nc;
  const bad: Alternative =
    metric.direction === 'increase' ? 'greater' : metric.direction === 'decrease' ? 'less' : 'two-sided';
  const test = (alternative: Alternative) =>
    metric.type === 'rate'
      ? fisherExact(
          [
            [ec, nc - ec],
            [eb, nb - eb],
          ],
          { alternative },
        )
      : poissonRateTest(ec, nc, eb, nb, { alternative });
  const two = test('two-sided');
  const dec = bad === 'two-sided' ? two : test(bad);
  // No events on either side (or events everywhere): nothing to tell apart.
  const pValue = two.ok ? two.pValue : 1;
  const decisionPValue = dec.ok ? dec.pValue : 1;
  const allowedAbs = allowance.relative * rb + allowance.absolute;
  const ci =
    metric.type === 'rate'
      ? newcombeInterval({ x: ec, n: nc }, { x: eb, n: nb }, confidence)
      : poissonDifferenceInterval({ x: ec, t: nc }, { x: eb, t: nb }, confidence);
  const change = { estimate: ci.estimate, lower: ci.lower, upper: ci.upper };
  const unit = metric.type === 'rate' ? 'rate' : 'events per interval';
  const testName = metric.type === 'rate' ? "Fisher's exact test" : 'Poisson rate test';

  return {
    metric,
    // No events on either side: nothing to test, and no place taken in the correction.
    pValues: dec.ok ? [decisionPValue] : [],
    finish(adjusted, family: FamilyContext): MetricJudgment {
      const p = dec.ok ? adjusted[0]! : 1;
      const diff = rc - rb;
      const significant = p < family.alpha;
      const what = `${unit} ${fmt(rb)} -> ${fmt(rc)} (${ec} events in ${nc} canary, ${eb} in ${nb} baseline samples)`;
      const classification = classifyChange(metric.direction, change, allowedAbs, significant);
      const interval = `difference ${fmt(diff)}, ${Math.round(confidence * 100)}% interval [${fmt(ci.lower)}, ${fmt(ci.upper)}]`;
      const allowedText = `allowed change ±${fmt(allowedAbs)}`;
      const tested = `${testName} ${pv(p)} after correction`;
      const reasons: string[] = [];
      if (classification === 'high')
        reasons.push(`increased: ${what}; ${interval}; ${allowedText}; ${tested} < alpha ${family.alpha}`);
      else if (classification === 'low')
        reasons.push(`decreased: ${what}; ${interval}; ${allowedText}; ${tested} < alpha ${family.alpha}`);
      else if (classification === 'pass')
        reasons.push(`within the allowed change: ${what}; ${interval}; ${allowedText}; ${tested}`);
      else
        reasons.push(
          `inconclusive: ${what}; ${interval} reaches beyond the ${allowedText}, and the change is not significantly worse (${tested}, alpha ${family.alpha})`,
        );
      // Power: normal approximation for a difference of rates at the pooled rate (at least one event).
      const pooled = Math.max((eb + ec) / (nb + nc), 1 / (nb + nc));
      const variance = metric.type === 'rate' ? pooled * (1 - pooled) : pooled;
      const se = Math.sqrt(variance * (1 / nb + 1 / nc));
      const a = perTestAlpha(family);
      const mdc =
        allowedAbs +
        (normalQuantile(1 - (metric.direction === 'either' ? a / 2 : a)) + normalQuantile(family.power)) * se;
      const mdr = rb > 0 ? mdc / rb : null;
      return {
        name: metric.name,
        type: metric.type,
        direction: metric.direction,
        group: metric.group,
        critical: metric.critical,
        classification,
        reasons,
        baseline: summarize(baseline),
        canary: summarize(canary),
        pValue,
        decisionPValue,
        adjustedPValue: p,
        hodgesLehmann: null,
        effectSize: { rateRatio: ratio(rc, rb), rateDifference: finiteOrNull(diff) },
        allowedChange: allowedAbs,
        allowance: { ...allowance, base: rb, change: allowedAbs },
        interval: { method: metric.type === 'rate' ? 'newcombe' : 'poisson-mover', ...change, confidence },
        samplesToSettle:
          classification === 'inconclusive'
            ? samplesToSettle({
                direction: metric.direction,
                change,
                allowed: allowedAbs,
                confidence,
                perTestAlpha: perTestAlpha(family),
                power: family.power,
                baselineN: nb,
                canaryN: nc,
                what: `the ${unit} change`,
              })
            : null,
        spread: null,
        power: {
          minimumDetectableChange: finiteOrNull(mdc),
          minimumDetectableRelative: mdr === null ? null : finiteOrNull(mdr),
          statement: `with ${nb} baseline and ${nc} canary samples, a ${unit} increase of ${fmt(mdc)}${mdr !== null ? ` (${pct(mdr, false)} of the baseline ${unit})` : ''} or more would be detected with ${Math.round(family.power * 100)}% probability`,
        },
      };
    },
  };
}
