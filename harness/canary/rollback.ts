import { mean, quantileSorted } from '../stats/index.ts';
import type { RollbackRule } from './judge-config.ts';
import type { RollbackHit } from './judgment.ts';
import type { MetricSamples } from './metric-export.ts';
import { fmt } from './format.ts';

const QUANTILE: Record<string, number> = { p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99, max: 1 };

/**
 * Hard safety limits on the canary arm alone (error rate above 5%, p99 above a limit): no test, no
 * minimum sample beyond the rule's own, so they act at once, before any comparison has enough data.
 */
export function checkRollbackRules(rules: readonly RollbackRule[], canary: MetricSamples): RollbackHit[] {
  const hits: RollbackHit[] = [];
  for (const rule of rules) {
    const xs = canary[rule.metric];
    if (!xs || xs.length < rule.minSamples) continue;
    const value =
      rule.stat === 'mean' || rule.stat === 'rate'
        ? mean(xs)
        : quantileSorted(Float64Array.from(xs).sort(), QUANTILE[rule.stat]!);
    if (value > rule.above) {
      hits.push({
        metric: rule.metric,
        stat: rule.stat,
        value,
        above: rule.above,
        statement: `hard limit: canary ${rule.metric} ${rule.stat} ${fmt(value)} is above ${fmt(rule.above)} (${xs.length} samples)`,
      });
    }
  }
  return hits;
}
