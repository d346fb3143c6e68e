/**
 * The same-run calibration workload: fixed, deterministic, allocation-light JavaScript work (a
 * seeded array sorted and summed) that every benchmark process measures next to its benchmarks.
 * Dividing a benchmark's median by this one's cancels machine speed (a baseline from another CPU)
 * and part of the load other processes put on a shared runner.
 */
const N = 2_000;

function seededValues(): Float64Array {
  // xorshift32: a fixed sequence, identical on every machine (no harness RNG needed in the child).
  const out = new Float64Array(N);
  let x = 2463534242;
  for (let i = 0; i < N; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = (x >>> 0) / 4294967296;
  }
  return out;
}

const values = seededValues();

/** One operation of the calibration workload (about 0.1 ms on a 2020s laptop core). */
export function calibrationWorkload(): number {
  const a = Array.from(values);
  a.sort((p, q) => p - q);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.sqrt(a[i]! * (i + 1));
  return s;
}

export const CALIBRATION_NAME = '(calibration)';
