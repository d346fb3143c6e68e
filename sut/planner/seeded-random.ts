import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';

/**
 * The planner's own seeded source, so the reference system stands alone (no harness import).
 * xoroshiro128+ with 53-bit floats: the same seed gives the same draws on every Node version.
 */
export interface SeededRandom {
  /** Uniform in [0, 1). */
  float(): number;
  /** Standard Gumbel(0, 1) by inversion: -ln(-ln U), U in (0, 1). */
  gumbel(): number;
  /** Uniform integer in [0, n). */
  below(n: number): number;
}

export function seededRandom(seed: number): SeededRandom {
  // Fold the high bits of a safe integer into the 32-bit seed so 2^32 + 1 and 1 differ.
  const folded = (seed | 0) ^ (Math.floor(seed / 0x1_0000_0000) | 0);
  // pure-rand seeds xoroshiro's state almost directly from the seed, so nearby small seeds give
  // nearly equal first outputs (the first float is ~1 for every seed below 2^16). Scramble the
  // seed (murmur3's fmix32) and discard a few outputs so that seeds 0, 1, 2... are independent.
  const gen = xoroshiro128plus(fmix32(folded));
  for (let i = 0; i < 8; i++) gen.next();
  const float = (): number => uniformFloat64(gen);
  return {
    float,
    gumbel() {
      let u = float();
      while (u === 0) u = float();
      return -Math.log(-Math.log(u));
    },
    below: (n) => Math.floor(float() * n),
  };
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}
