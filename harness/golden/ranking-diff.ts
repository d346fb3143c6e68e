/** One id whose rank changed between the expected and the actual selection (ranks are 1-based). */
export interface MovedId {
  id: string;
  from: number;
  to: number;
  /** from - to: positive moved up. */
  by: number;
}

export interface RankDelta {
  rank: number;
  expected?: string;
  actual?: string;
  /** score(actual) - score(expected) at this rank, when both exist. */
  scoreDelta?: number;
}

/** A diff written for rankings, not lines. Serialisable; it goes into the JSON report as-is. */
export interface RankingDiff {
  k: number;
  moved: MovedId[];
  /** In the actual top k, not in the expected. */
  entered: string[];
  /** In the expected top k, not in the actual. */
  left: string[];
  /** |expected ∩ actual| / k, with k = max of the two lengths (1 when both are empty). */
  overlapAtK: number;
  /** Kendall tau over the ids in both lists (1 when the lists are equal and have < 2 common ids, else 0 then). */
  kendallTau: number;
  /** Per rank where the id differs. */
  rankDeltas: RankDelta[];
  /** Sum of actual scores minus sum of expected scores. */
  totalScoreDelta: number;
}

/** Compare an expected and an actual selection; `scores` gives each id's candidate score. */
export function rankingDiff(
  expected: readonly string[],
  actual: readonly string[],
  scores: ReadonlyMap<string, number>,
): RankingDiff {
  const k = Math.max(expected.length, actual.length);
  const expRank = new Map(expected.map((id, i) => [id, i + 1]));
  const actRank = new Map(actual.map((id, i) => [id, i + 1]));
  const moved: MovedId[] = [];
  const common: string[] = [];
  for (const id of expected) {
    const to = actRank.get(id);
    if (to === undefined) continue;
    common.push(id);
    const from = expRank.get(id)!;
    if (from !== to) moved.push({ id, from, to, by: from - to });
  }
  const entered = actual.filter((id) => !expRank.has(id));
  const left = expected.filter((id) => !actRank.has(id));
  const rankDeltas: RankDelta[] = [];
  let totalScoreDelta = 0;
  for (let r = 0; r < k; r++) {
    const e = expected[r];
    const a = actual[r];
    if (e !== undefined) totalScoreDelta -= scores.get(e) ?? 0;
    if (a !== undefined) totalScoreDelta += scores.get(a) ?? 0;
    if (e === a) continue;
    const d: RankDelta = { rank: r + 1 };
    if (e !== undefined) d.expected = e;
    if (a !== undefined) d.actual = a;
    if (e !== undefined && a !== undefined && scores.has(e) && scores.has(a))
      d.scoreDelta = scores.get(a)! - scores.get(e)!;
    rankDeltas.push(d);
  }
  const identical = expected.length === actual.length && left.length === 0 && moved.length === 0;
  const kendallTau =
    common.length < 2 ? (identical ? 1 : 0) : kendallTauOfPermutation(common.map((id) => actRank.get(id)!));
  return {
    k,
    moved,
    entered,
    left,
    overlapAtK: k === 0 ? 1 : common.length / k,
    kendallTau,
    rankDeltas,
    totalScoreDelta,
  };
}

/**
 * Kendall tau of the sequence against its sorted order (distinct values): 1 - 4 * inversions / (m (m - 1)).
 * Inversions counted by merge sort, O(m log m), so a 1,000-id selection costs nothing.
 */
export function kendallTauOfPermutation(values: readonly number[]): number {
  const m = values.length;
  if (m < 2) return 1;
  const a = values.slice();
  const buf = new Array<number>(m);
  let inversions = 0;
  for (let width = 1; width < m; width *= 2) {
    for (let lo = 0; lo < m; lo += 2 * width) {
      const mid = Math.min(lo + width, m);
      const hi = Math.min(lo + 2 * width, m);
      let i = lo;
      let j = mid;
      let o = lo;
      while (i < mid && j < hi) {
        if (a[i]! <= a[j]!) buf[o++] = a[i++]!;
        else {
          inversions += mid - i;
          buf[o++] = a[j++]!;
        }
      }
      while (i < mid) buf[o++] = a[i++]!;
      while (j < hi) buf[o++] = a[j++]!;
      for (let t = lo; t < hi; t++) a[t] = buf[t]!;
    }
  }
  return 1 - (4 * inversions) / (m * (m - 1));
}
