/** Seeded draws the simulation tests share (stats calibration, the canary judge). */

/** A Poisson(lambda) count by inversion of its CDF: one uniform from the seeded `random` per draw. */
export function poissonDraw(random: () => number, lambda: number): number {
  let k = 0;
  let p = Math.exp(-lambda);
  let s = p;
  const u = random();
  while (u > s) {
    k++;
    p *= lambda / k;
    s += p;
  }
  return k;
}
