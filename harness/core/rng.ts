import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';

/**
 * A seeded random source. Every random choice in gauntlet comes from one of these, never from
 * Math.random, so the same seed gives the same run on every machine and Node version.
 * Statistics take the plain `() => number` form (`rng.float`) to stay free of this type.
 */
export interface Rng {
  /** Uniform in [0, 1), 53 bits. */
  float(): number;
  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** Standard normal, Box-Muller. */
  normal(): number;
  /** Standard Gumbel(0, 1): -ln(-ln U). */
  gumbel(): number;
  /** An independent stream derived from this one (for parallel workers or sub-simulations). */
  fork(): Rng;
}

export function createRng(seed: number): Rng {
  const gen = xoroshiro128plus(seed | 0);
  const float = (): number => uniformFloat64(gen);
  let spareNormal: number | undefined;
  const rng: Rng = {
    float,
    int: (min, max) => uniformInt(gen, min, max),
    normal() {
      if (spareNormal !== undefined) {
        const z = spareNormal;
        spareNormal = undefined;
        return z;
      }
      let u = float();
      while (u === 0) u = float();
      const v = float();
      const r = Math.sqrt(-2 * Math.log(u));
      spareNormal = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    gumbel() {
      let u = float();
      while (u === 0) u = float();
      return -Math.log(-Math.log(u));
    },
    fork() {
      return createRng(uniformInt(gen, -0x80000000, 0x7fffffff));
    },
  };
  return rng;
}
