import { softmaxEntropy } from './entropy.ts';
import { PlannerInputError } from './errors.ts';
import { IndexMaxHeap } from './max-heap.ts';
import { seededRandom } from './seeded-random.ts';
import type { Candidate, PlannerConfig, Selection } from './types.ts';
import { assertCandidates, assertPlannerConfig } from './validate.ts';

/**
 * Gumbel-top-k selection: key_i = (score_i + boost_i) / temperature + G_i with G_i ~ Gumbel(0, 1)
 * from the seeded generator, then the k largest keys (Kool, van Hoof & Welling 2019, "Stochastic
 * Beams and Where to Find Them": the top k of perturbed logits is a sample without replacement from
 * softmax(logits)). Category caps skip a candidate whose category is full; exploration fills
 * floor(explorationShare * min(k, n)) slots uniformly at random among the rest. Deterministic for a
 * given (candidates, config, seed).
 */
export function select(candidates: Candidate[], config: PlannerConfig, seed: number): Selection {
  assertPlannerConfig(config);
  assertCandidates(candidates);
  const n = candidates.length;
  const temperature = config.temperature;
  const catBoosts = config.boosts?.categories;
  const idBoosts = config.boosts?.ids;

  // Logits: (score + boosts) / T. At T = 0 the logit of a maximum is +Infinity, others -Infinity.
  const effective = new Float64Array(n);
  let maxEffective = -Infinity;
  for (let i = 0; i < n; i++) {
    const c = candidates[i]!;
    let s = c.score;
    if (catBoosts && c.category !== undefined) s += catBoosts[c.category] ?? 0;
    if (idBoosts) s += idBoosts[c.id] ?? 0;
    if (!Number.isFinite(s))
      throw new PlannerInputError(`score plus boosts is not finite (id '${c.id}')`, `candidates[${i}].score`);
    effective[i] = s;
    if (s > maxEffective) maxEffective = s;
  }
  const logits = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (temperature === 0) {
      logits[i] = effective[i] === maxEffective ? Infinity : -Infinity;
    } else {
      const z = effective[i]! / temperature;
      if (!Number.isFinite(z))
        throw new PlannerInputError(
          `score / temperature overflows (id '${candidates[i]!.id}'); use temperature 0 for greedy`,
          `candidates[${i}].score`,
        );
      logits[i] = z;
    }
  }
  const entropy = softmaxEntropy(logits);

  const kEff = Math.min(config.k, n);
  if (kEff === 0) return { ids: [], entropy, exploredIds: [] };
  const explore = Math.floor((config.explorationShare ?? 0) * kEff);
  const exploit = kEff - explore;

  const rng = seededRandom(seed);
  const noise = new Float64Array(n);
  for (let i = 0; i < n; i++) noise[i] = rng.gumbel();
  // T > 0: rank by logit + noise. T = 0: rank by score, ties broken by the noise (uniform among ties).
  let primary: Float64Array;
  let secondary: Float64Array;
  if (temperature === 0) {
    primary = effective;
    secondary = noise;
  } else {
    primary = noise;
    for (let i = 0; i < n; i++) primary[i] = logits[i]! + noise[i]!;
    secondary = logits;
  }

  const caps = config.categoryCaps;
  const used = caps ? new Map<string, number>() : undefined;
  const full = (c: Candidate): boolean => {
    if (!caps || c.category === undefined) return false;
    const cap = caps[c.category];
    return cap !== undefined && (used!.get(c.category) ?? 0) >= cap;
  };
  const take = (i: number, into: string[]): void => {
    const c = candidates[i]!;
    into.push(c.id);
    chosen[i] = 1;
    if (used && c.category !== undefined) used.set(c.category, (used.get(c.category) ?? 0) + 1);
  };

  const chosen = new Uint8Array(n);
  const ids: string[] = [];
  const heap = new IndexMaxHeap(primary, secondary);
  while (ids.length < exploit && heap.size > 0) {
    const i = heap.pop();
    if (!full(candidates[i]!)) take(i, ids);
  }

  const exploredIds: string[] = [];
  if (explore > 0) {
    const pool: number[] = [];
    for (let i = 0; i < n; i++) if (!chosen[i]) pool.push(i);
    while (exploredIds.length < explore && pool.length > 0) {
      const r = rng.below(pool.length);
      const i = pool[r]!;
      pool[r] = pool[pool.length - 1]!;
      pool.pop();
      if (!full(candidates[i]!)) take(i, exploredIds);
    }
  }
  return { ids: exploredIds.length ? ids.concat(exploredIds) : ids, entropy, exploredIds };
}
