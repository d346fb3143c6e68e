import type { GroupScore, MetricJudgment } from './judgment.ts';

/**
 * Kayenta's score: each group scores the share of its judged metrics that pass, and the groups are
 * averaged with their weights. Groups with no judged metric drop out; with none at all the score is 0.
 */
export function scoreMetrics(metrics: readonly Pick<MetricJudgment, 'group' | 'classification'>[], weights: Record<string, number>): { score: number; groups: GroupScore[] } {
  const byGroup = new Map<string, Pick<MetricJudgment, 'group' | 'classification'>[]>();
  for (const m of metrics) byGroup.set(m.group, [...(byGroup.get(m.group) ?? []), m]);
  const groups: GroupScore[] = [...byGroup].map(([name, ms]) => {
    const judged = ms.filter((m) => m.classification !== 'no data');
    const passed = judged.filter((m) => m.classification === 'pass').length;
    return { name, weight: weights[name] ?? 1, judged: judged.length, passed, score: judged.length ? (100 * passed) / judged.length : null };
  });
  let num = 0;
  let den = 0;
  for (const g of groups) {
    if (g.score === null || g.weight === 0) continue;
    num += g.weight * g.score;
    den += g.weight;
  }
  return { score: den > 0 ? Math.round((num / den) * 100) / 100 : 0, groups };
}
