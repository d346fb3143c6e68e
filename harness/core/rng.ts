import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
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

/**
 * SplitMix32 (Steele, Lea & Flood 2014; the 32-bit finaliser of MurmurHash3): spreads a small seed
 * over all bits. pure-rand's `xoroshiro128plus(seed)` puts the seed almost unchanged into the
 * state, so seeds 0, 1, 2... start with near-identical, correlated draws (the first float of
 * seed 1 is ~0.99999). Seeding the four state words through SplitMix32 removes that.
 */
function splitMix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) | 0;
}

export function createRng(seed: number): Rng {
  const mix = { s: seed | 0 };
  const gen = xoroshiro128plusFromState([splitMix32(mix), splitMix32(mix), splitMix32(mix), splitMix32(mix) | 1]);
  const float = (): number => uniformFloat64(gen);
  const rng: Rng = {
    float,
    int: (min, max) => uniformInt(gen, min, max),
    normal: gaussianSource(float),
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

/**
 * Standard normal draws from a uniform [0, 1) source, by Box-Muller: each pair of uniforms gives
 * two normals, the second kept for the next call.
 */
export function gaussianSource(random: () => number): () => number {
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const z = spare;
      spare = undefined;
      return z;
    }
    let u = random();
    while (u === 0) u = random();
    const v = random();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}
