import type { GroupScore, MetricJudgment } from './judgment.ts';

type Scored = Pick<MetricJudgment, 'group' | 'classification'>;

/**
 * Kayenta's score: each group scores the share of its judged metrics that pass (clearly within their
 * allowance), and the groups are averaged with their weights. Groups with no judged metric drop out;
 * with none at all the score is 0. `bestScore` counts inconclusive metrics as passing: the score the
 * canary would get if every one of them turned out within its allowance.
 */
export function scoreMetrics(
  metrics: readonly Scored[],
  weights: Record<string, number>,
): { score: number; bestScore: number; groups: GroupScore[] } {
  const byGroup = new Map<string, Scored[]>();
  for (const m of metrics) byGroup.set(m.group, [...(byGroup.get(m.group) ?? []), m]);
  const groups: GroupScore[] = [...byGroup].map(([name, ms]) => {
    const judged = ms.filter((m) => m.classification !== 'no data');
    const passed = judged.filter((m) => m.classification === 'pass').length;
    const inconclusive = judged.filter((m) => m.classification === 'inconclusive').length;
    return {
      name,
      weight: weights[name] ?? 1,
      judged: judged.length,
      passed,
      inconclusive,
      score: judged.length ? (100 * passed) / judged.length : null,
    };
  });
  const weighted = (share: (g: GroupScore) => number) => {
    let num = 0;
    let den = 0;
    for (const g of groups) {
      if (g.judged === 0 || g.weight === 0) continue;
      num += g.weight * share(g);
      den += g.weight;
    }
    return den > 0 ? Math.round((num / den) * 100) / 100 : 0;
  };
  return {
    score: weighted((g) => (100 * g.passed) / g.judged),
    bestScore: weighted((g) => (100 * (g.passed + g.inconclusive)) / g.judged),
    groups,
  };
}
