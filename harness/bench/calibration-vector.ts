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
const TABLE_BITS = 22;
const TABLE_LENGTH = 1 << TABLE_BITS;
const MASK = TABLE_LENGTH - 1;
const M1 = 0x9e3779b1;
const M2 = 0x85ebca6b;
/** The inverse of an odd number modulo 2^32 (Newton's iteration; each step doubles the correct bits). */
function oddInverse(a: number): number {
  let x = a;
  for (let i = 0; i < 5; i++) x = Math.imul(x, 2 - Math.imul(a, x));
  return x;
}
const M1_INVERSE = oddInverse(M1);
const M2_INVERSE = oddInverse(M2);
/** A bijection of [0, 2^22): odd multipliers and xor-shifts are each invertible modulo a power of two. */
function scatter(k: number): number {
  k = Math.imul(k, M1) & MASK;
  k ^= k >>> 11;
  k = Math.imul(k, M2) & MASK;
  return k ^ (k >>> 9);
}
/** scatter's inverse. */
function gather(k: number): number {
  k ^= (k >>> 9) ^ (k >>> 18);
  k = Math.imul(k, M2_INVERSE) & MASK;
  k ^= k >>> 11;
  return Math.imul(k, M1_INVERSE) & MASK;
}
let table: Uint32Array | undefined;
/**
 * The memory-bound workload's table, built once per process: one cycle through all slots in a
 * scattered order (slot scatter(k) points to scatter(k + 1)), so the chase never short-circuits.
 * Filled in slot order (slot s holds scatter(gather(s) + 1)): sequential stores and arithmetic
 * only. A shuffle (dependent random accesses and a division per slot) cost ~0.5 s per process
 * natively and seconds under valgrind.
 */
export function memoryTable(): Uint32Array {
  if (table) return table;
  table = new Uint32Array(TABLE_LENGTH);
  for (let slot = 0; slot < TABLE_LENGTH; slot++) table[slot] = scatter((gather(slot) + 1) & MASK);
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
