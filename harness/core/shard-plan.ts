/**
 * Splitting a suite's work (golden cases, drift scenario x seed pairs, bench files, whole suites)
 * across `--shard i/n`. Pure: the same units and durations give every shard the same plan, so the
 * shards together run each unit exactly once and `gauntlet report merge` can check that they did.
 */

export interface ShardSpec {
  /** 1-based. */
  index: number;
  total: number;
}

export interface ShardPlan {
  /** Unit indices per shard (shard i is `shards[i - 1]`), each list in the units' own order. */
  shards: number[][];
  /** 'durations' when the last run's durations weighed the units, else 'counts'. */
  balancedBy: 'durations' | 'counts';
}

/**
 * Deal `keys` (unit names, unique) across `total` shards. With `durations` (ms by key, from the last
 * run) the longest unit goes first to the least-loaded shard (LPT; a unit the last run did not have
 * weighs the median known duration); without, units are dealt round-robin so counts differ by at most one.
 * Ties go to the lower shard, so the plan depends only on its inputs.
 */
export function planShards(keys: readonly string[], total: number, durations?: ReadonlyMap<string, number>): ShardPlan {
  if (!Number.isInteger(total) || total < 1)
    throw new RangeError(`shard total must be a positive integer, got ${total}`);
  const known = durations
    ? keys.map((k) => durations.get(k)).filter((d): d is number => d !== undefined && Number.isFinite(d) && d >= 0)
    : [];
  const shards: number[][] = Array.from({ length: total }, () => []);
  if (known.length === 0) {
    keys.forEach((_, i) => shards[i % total]!.push(i));
    return { shards, balancedBy: 'counts' };
  }
  const sorted = [...known].sort((a, b) => a - b);
  const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
  const weight = (k: string) => {
    const d = durations!.get(k);
    return d !== undefined && Number.isFinite(d) && d >= 0 ? d : median;
  };
  const order = keys.map((k, i) => ({ i, w: weight(k) })).sort((a, b) => b.w - a.w || a.i - b.i);
  const load = new Array<number>(total).fill(0);
  const count = new Array<number>(total).fill(0);
  for (const { i, w } of order) {
    let best = 0;
    for (let s = 1; s < total; s++)
      if (load[s]! < load[best]! || (load[s] === load[best] && count[s]! < count[best]!)) best = s;
    shards[best]!.push(i);
    load[best]! += w;
    count[best]!++;
  }
  for (const s of shards) s.sort((a, b) => a - b);
  return { shards, balancedBy: 'durations' };
}

/** The units one shard runs (indices into `keys`, in order); all of them without a shard. */
export function unitsForShard(
  keys: readonly string[],
  shard: ShardSpec | undefined,
  durations?: ReadonlyMap<string, number>,
): { indices: number[]; balancedBy: ShardPlan['balancedBy'] } {
  if (!shard || shard.total === 1) return { indices: keys.map((_, i) => i), balancedBy: 'counts' };
  const plan = planShards(keys, shard.total, durations);
  return { indices: plan.shards[shard.index - 1]!, balancedBy: plan.balancedBy };
}
