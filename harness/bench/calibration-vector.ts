/**
 * Four unlike calibration workloads every benchmark process measures the way it measures the
 * benchmarks (same clock, same process). A machine that is faster at integer work than at memory
 * traffic moves these apart, so the vector says more about "is this the same machine" than one
 * figure can (the baseline fingerprint compares them). Each is fixed, seeded and deterministic,
 * and takes roughly 0.05-0.2 ms per operation on a 2020s server core.
 */
import type { CalibrationVector, CalibrationWorkload } from './protocol.ts';

/** Integer arithmetic: xorshift and a multiplicative hash over 32-bit integers. */
function intWork(): number {
  let x = 2463534242;
  let h = 0;
  for (let i = 0; i < 10_000; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    h = (Math.imul(h ^ x, 0x9e3779b1) + i) | 0;
  }
  return h;
}

/** Floating point: a polynomial, a square root and a division per step. */
function floatWork(): number {
  let s = 0;
  let y = 0.5;
  for (let i = 1; i <= 10_000; i++) {
    y = 3.9 * y * (1 - y);
    s += Math.sqrt(y * i) / (1 + y * y);
  }
  return s;
}

/** Allocation: many short-lived small objects and arrays (the young generation and its scavenges). */
function allocWork(): number {
  let keep: Array<{ a: number; b: number[] }> = [];
  let s = 0;
  for (let i = 0; i < 1_000; i++) {
    keep.push({ a: i, b: [i, i + 1, i + 2] });
    if (keep.length === 64) {
      s += keep[63]!.b[2]!;
      keep = [];
    }
  }
  return s;
}

// Memory-bound: dependent loads at pseudo-random places of a 16 MiB table (beyond most L2 caches).
const TABLE_LENGTH = 1 << 22;
let table: Uint32Array | undefined;
function memoryTable(): Uint32Array {
  if (table) return table;
  table = new Uint32Array(TABLE_LENGTH);
  // One cycle through all slots (Sattolo's shuffle with a fixed xorshift), so the chase never short-circuits.
  for (let i = 0; i < TABLE_LENGTH; i++) table[i] = i;
  let x = 88172645;
  for (let i = TABLE_LENGTH - 1; i > 0; i--) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const j = (x >>> 0) % i;
    const t = table[i]!;
    table[i] = table[j]!;
    table[j] = t;
  }
  return table;
}
let cursor = 0;
function memoryWork(): number {
  const t = memoryTable();
  let p = cursor;
  for (let i = 0; i < 400; i++) p = t[p]!;
  cursor = p;
  return p;
}

export const CALIBRATION_VECTOR: Record<CalibrationWorkload, () => number> = {
  int: intWork,
  float: floatWork,
  alloc: allocWork,
  memory: memoryWork,
};

/** Measure each workload with `measure` (per-operation figure) and collect the vector. */
export async function measureCalibrationVector(
  measure: (fn: () => number) => Promise<number>,
): Promise<CalibrationVector> {
  memoryTable();
  return {
    int: await measure(intWork),
    float: await measure(floatWork),
    alloc: await measure(allocWork),
    memory: await measure(memoryWork),
  };
}
