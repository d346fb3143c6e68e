import type { RankingDiff } from './ranking-diff.ts';

const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toPrecision(4));
const signed = (x: number) => (x > 0 ? `+${fmt(x)}` : fmt(x));
const list = (ids: readonly string[], max = 10) =>
  ids.length > max ? `${ids.slice(0, max).join(', ')}, ... (${ids.length} in all)` : ids.join(', ');

/** A ranking diff as a few console lines: what moved and by how much, what entered and left, the agreement figures. */
export function renderRankingDiff(d: RankingDiff, maxItems = 10): string {
  const lines = [
    `overlap@${d.k} ${fmt(d.overlapAtK)}, kendall tau ${fmt(d.kendallTau)}, score delta ${signed(d.totalScoreDelta)}`,
  ];
  if (d.moved.length) {
    const shown = d.moved
      .slice(0, maxItems)
      .map((m) => `${m.id} ${m.from}→${m.to} (${m.by > 0 ? '▲' : '▼'}${Math.abs(m.by)})`);
    lines.push(`moved: ${shown.join(', ')}${d.moved.length > maxItems ? `, ... (${d.moved.length} in all)` : ''}`);
  }
  if (d.entered.length) lines.push(`entered top ${d.k}: ${list(d.entered, maxItems)}`);
  if (d.left.length) lines.push(`left top ${d.k}: ${list(d.left, maxItems)}`);
  const withScore = d.rankDeltas.filter((r) => r.scoreDelta !== undefined).slice(0, maxItems);
  if (withScore.length)
    lines.push(
      `score deltas: ${withScore.map((r) => `#${r.rank} ${r.expected}→${r.actual} ${signed(r.scoreDelta!)}`).join(', ')}`,
    );
  return lines.join('\n');
}
