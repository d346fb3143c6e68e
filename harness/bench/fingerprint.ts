/**
 * The machine fingerprint a bench baseline records: what its numbers depend on. Instruction counts
 * depend on the code V8 generates (Node and V8 versions, architecture, the CPU's instruction-set
 * extensions, the heap limit that paces the GC) and on the counter (valgrind's version); times
 * depend on all of that and on the machine's speed (CPU model, cores) and load, which the
 * calibration vector (unlike workloads measured in every bench process) stands for.
 * comparability.ts decides from two fingerprints whether stored numbers can be compared directly.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, release } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { z } from 'zod';
import { calibrationVectorSchema, clockSchema } from './protocol.ts';

/**
 * Per clock, the run's calibration figures (median over its bench processes, per operation): the
 * sort workload every process measures (`cal`) and, when the processes measured it, the vector of
 * unlike workloads (integer, float, allocation, memory-bound).
 */
export const fingerprintCalibrationSchema = z.partialRecord(
  clockSchema,
  calibrationVectorSchema.partial().extend({ sort: z.number().finite().positive() }),
);
export type FingerprintCalibration = z.output<typeof fingerprintCalibrationSchema>;

export const fingerprintSchema = z.strictObject({
  /** CPU model string (os.cpus()[0].model). */
  cpu: z.string(),
  /** Instruction-set extensions the CPU reports (the ISA_FLAGS subset of /proc/cpuinfo `flags`), sorted; absent where unknown. */
  cpuFlags: z.array(z.string()).optional(),
  /** Cores this process may use. */
  cores: z.number().int().positive().optional(),
  node: z.string(),
  v8: z.string().optional(),
  /** `platform release`, e.g. `linux 6.1.0-18-amd64`. */
  os: z.string(),
  arch: z.string(),
  /** V8's heap size limit (bytes): it sets when the GC runs, so allocation-heavy instruction counts depend on it. */
  heapLimit: z.number().int().positive().optional(),
  /** The instruction counter (e.g. `valgrind-3.19.0`), when the instruction clock was used. */
  counter: z.string().optional(),
  /** Calibration vectors per clock (median over the run's bench processes), when they measured them. */
  calibration: fingerprintCalibrationSchema.optional(),
});
export type Fingerprint = z.output<typeof fingerprintSchema>;

/**
 * Instruction-set extensions that change the machine code V8, glibc (ifunc) or native addons
 * choose. Flags such as `hypervisor` or `constant_tsc` differ between otherwise equal VMs and
 * change no instruction, so they are left out.
 */
export const ISA_FLAGS = new Set([
  'sse3',
  'pni',
  'ssse3',
  'sse4_1',
  'sse4_2',
  'sse4a',
  'popcnt',
  'abm',
  'lzcnt',
  'bmi1',
  'bmi2',
  'avx',
  'avx2',
  'fma',
  'f16c',
  'movbe',
  'aes',
  'pclmulqdq',
  'sha_ni',
  'adx',
  'erms',
  'fsrm',
  'avx512f',
  'avx512dq',
  'avx512cd',
  'avx512bw',
  'avx512vl',
  'avx512_vnni',
  'avx512_bf16',
  'avx512vbmi',
  'avx512_vbmi2',
  'avx512ifma',
  'avx512_bitalg',
  'avx512_vpopcntdq',
  'vaes',
  'vpclmulqdq',
  'gfni',
  'amx_tile',
  'asimd',
  'sve',
  'sve2',
  'atomics',
  'crc32',
  'sha2',
]);

/** The ISA flags of a /proc/cpuinfo text (x86 `flags`, arm `Features`), sorted; undefined when there are none. */
export function parseCpuFlags(cpuinfo: string): string[] | undefined {
  const line = /^(?:flags|Features)\s*:\s*(.*)$/m.exec(cpuinfo)?.[1];
  if (!line) return undefined;
  return [...new Set(line.split(/\s+/).filter((f) => ISA_FLAGS.has(f)))].sort();
}

function cpuFlagsHere(): string[] | undefined {
  try {
    return parseCpuFlags(readFileSync('/proc/cpuinfo', 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * The CPU a process sees under valgrind on x86-64 when the host has AVX, which is not the host's: VEX
 * answers CPUID from canned sets chosen by the host's level (VEX/priv/guest_amd64_toIR.c, the same
 * from 3.19 to 3.25: SSSE3 and AVX2 give a "Core i7-4910MQ"-like set, SSSE3 and AVX a Sandy
 * Bridge-like one), patching in only F16C, RDRAND and RDSEED from the host. So what V8 and glibc's
 * ifunc resolvers choose under the counter depends on that level, not on the host's model or its
 * other extensions (AVX-512, FSRM, ...). Below AVX the levels differ between valgrind versions
 * (RDTSCP since 3.21), so there the host's own flags are compared (undefined). Measured 2026-11-28
 * (docs/calibration/bench-instructions.md, "Session 9: counts across CPU models"): a CPUID probe
 * under valgrind 3.19 on an AMD EPYC host read "GenuineIntel, Intel(R) Core(TM) i7-4910MQ", leaf 7
 * without AVX-512; the planner's and metrics store's counts there were within 0.15% of those saved on
 * an Intel Xeon with AVX-512 (0.7% for the YAML load, which reads a file). RDRAND and RDSEED are not
 * among the recorded flags: they produce random numbers, not other code paths.
 */
export function valgrindGuestCpu(flags: readonly string[]): string | undefined {
  const has = (f: string) => flags.includes(f);
  if (!has('ssse3') || !has('avx')) return undefined;
  return `valgrind x64 ${has('avx2') ? 'avx2' : 'avx'}${has('f16c') ? ' +f16c' : ''}`;
}

/** This machine's fingerprint (the calibration vector and counter come from the measurement). */
export function currentFingerprint(
  extra: { counter?: string; calibration?: FingerprintCalibration } = {},
): Fingerprint {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    ...(cpuFlagsHere() ? { cpuFlags: cpuFlagsHere() } : {}),
    cores: availableParallelism(),
    node: process.version,
    v8: process.versions.v8,
    os: `${process.platform} ${release()}`,
    arch: process.arch,
    heapLimit: getHeapStatistics().heap_size_limit,
    ...(extra.counter ? { counter: extra.counter } : {}),
    ...(extra.calibration ? { calibration: extra.calibration } : {}),
  };
}

/** One line naming the machine, for notes and the report. */
export function describeFingerprint(f: Fingerprint): string {
  return `${f.cpu}${f.cores ? ` x ${f.cores}` : ''}, Node ${f.node}${f.v8 ? ` (V8 ${f.v8})` : ''}, ${f.os} ${f.arch}`;
}
