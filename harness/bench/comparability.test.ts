import { describe, expect, it } from 'vitest';
import {
  calibrationDifferences,
  fingerprintDifferences,
  SAME_MACHINE_SPREAD,
  SAME_MACHINE_SHAPE_SPREAD,
  staticDifferences,
} from './comparability.ts';
import { currentFingerprint, parseCpuFlags, valgrindGuestCpu, type Fingerprint } from './fingerprint.ts';

const machine: Fingerprint = {
  cpu: 'AMD EPYC 7B13',
  cpuFlags: ['avx', 'avx2', 'bmi2', 'fma', 'sse4_2'],
  cores: 2,
  node: 'v20.20.2',
  v8: '11.3.244.8-node.38',
  os: 'linux 6.1.0',
  arch: 'x64',
  heapLimit: 4345298944,
  counter: 'valgrind-3.19.0',
  calibration: { cpu: { sort: 0.38, int: 0.1, float: 0.2, alloc: 0.3, memory: 0.4 } },
};

describe('fingerprint comparability', () => {
  it('the same fingerprint is comparable on every clock', () => {
    for (const clock of ['cpu', 'wall', 'instructions'] as const)
      expect(fingerprintDifferences(machine, machine, clock)).toEqual([]);
  });

  it('another CPU model or core count breaks time comparisons but not instruction counts', () => {
    const other = { ...machine, cpu: 'Intel Xeon Platinum 8370C', cores: 4 };
    expect(fingerprintDifferences(machine, other, 'cpu')).toEqual([
      'CPU model: AMD EPYC 7B13 in the baseline, Intel Xeon Platinum 8370C here',
      'core count: 2 in the baseline, 4 here',
    ]);
    expect(fingerprintDifferences(machine, other, 'instructions')).toEqual([]);
  });

  it('code parts break every clock and name what changed', () => {
    const other = { ...machine, node: 'v22.1.0', cpuFlags: ['avx', 'avx2', 'avx512f', 'fma', 'sse4_2'] };
    for (const clock of ['cpu', 'instructions'] as const)
      expect(staticDifferences(machine, other, clock)).toContain(
        'Node version: v20.20.2 in the baseline, v22.1.0 here',
      );
    expect(staticDifferences(machine, other, 'cpu')).toContain(
      'CPU instruction-set extensions differ (+avx512f -bmi2)',
    );
    // Counted without valgrind (no counter recorded), the host's own extensions count for instructions too.
    const { counter: _c, ...uncounted } = machine;
    expect(staticDifferences(uncounted, { ...other, counter: undefined }, 'instructions')).toContain(
      'CPU instruction-set extensions differ (+avx512f -bmi2)',
    );
  });

  // The flags /proc/cpuinfo listed (ISA_FLAGS subset) on the two machines of 2026-11-28: the baseline's
  // Intel Xeon (baselines/bench.json) and the AMD EPYC the same counts were matched on.
  const xeon =
    'abm adx aes avx avx2 avx512_vnni avx512bw avx512cd avx512dq avx512f avx512vl bmi1 bmi2 erms f16c fma movbe pclmulqdq pni popcnt sse4_1 sse4_2 ssse3'.split(
      ' ',
    );
  const epyc =
    'abm adx aes avx avx2 avx512_bf16 avx512_bitalg avx512_vbmi2 avx512_vnni avx512_vpopcntdq avx512bw avx512cd avx512dq avx512f avx512ifma avx512vbmi avx512vl bmi1 bmi2 erms f16c fma fsrm gfni movbe pclmulqdq pni popcnt sha_ni sse4_1 sse4_2 sse4a ssse3 vaes vpclmulqdq'.split(
      ' ',
    );

  it('under valgrind the CPU it shows the process counts, not the host: an AVX-512 Xeon and an EPYC compare directly', () => {
    expect(valgrindGuestCpu(xeon)).toBe('valgrind x64 avx2 +f16c');
    expect(valgrindGuestCpu(epyc)).toBe(valgrindGuestCpu(xeon));
    const a = { ...machine, cpu: 'Intel(R) Xeon(R) Processor @ 2.50GHz', cpuFlags: xeon };
    const b = { ...machine, cpu: 'AMD EPYC', cpuFlags: epyc };
    expect(staticDifferences(a, b, 'instructions')).toEqual([]);
    expect(staticDifferences(a, b, 'cpu')).toEqual([
      expect.stringMatching(/^CPU instruction-set extensions differ \(\+avx512_bf16 .*\+vpclmulqdq\)$/),
      'CPU model: Intel(R) Xeon(R) Processor @ 2.50GHz in the baseline, AMD EPYC here',
    ]);
  });

  it('a host without AVX2 gets another CPU from valgrind, and so other code: not comparable', () => {
    const noAvx2 = xeon.filter((f) => f !== 'avx2' && !f.startsWith('avx512'));
    expect(valgrindGuestCpu(noAvx2)).toBe('valgrind x64 avx +f16c');
    expect(staticDifferences({ ...machine, cpuFlags: xeon }, { ...machine, cpuFlags: noAvx2 }, 'instructions')).toEqual(
      ['CPU valgrind shows the counted process: valgrind x64 avx2 +f16c in the baseline, valgrind x64 avx +f16c here'],
    );
  });

  it("below AVX (levels that differ between valgrind versions) the hosts' own flags are compared", () => {
    // qemu64 (SSE3, no SSSE3: valgrind's baseline CPU) and a Nehalem (SSSE3, no AVX: its SSE4.2 CPU).
    const qemu = ['pni', 'popcnt'];
    const nehalem = ['pni', 'popcnt', 'ssse3', 'sse4_1', 'sse4_2'];
    expect(valgrindGuestCpu(qemu)).toBeUndefined();
    expect(valgrindGuestCpu(nehalem)).toBeUndefined();
    expect(
      staticDifferences({ ...machine, cpuFlags: qemu }, { ...machine, cpuFlags: nehalem }, 'instructions'),
    ).toEqual(['CPU instruction-set extensions differ (+ssse3 +sse4_1 +sse4_2)']);
    // One host with AVX, one without: the hosts' flags, which differ.
    expect(
      staticDifferences({ ...machine, cpuFlags: xeon }, { ...machine, cpuFlags: nehalem }, 'instructions')[0],
    ).toMatch(/^CPU instruction-set extensions differ/);
    // Not x86-64: the hosts' flags are compared (valgrind on arm64 masks them to a fixed set, so this is
    // only conservative).
    const arm = { ...machine, arch: 'arm64', cpuFlags: ['asimd', 'atomics'] };
    expect(staticDifferences(arm, { ...arm, cpuFlags: ['asimd', 'atomics', 'sve'] }, 'instructions')).toEqual([
      'CPU instruction-set extensions differ (+sve)',
    ]);
  });

  it('time calibration further apart than one machine shows is not comparable; within it is', () => {
    const slower = (f: number): Fingerprint => ({
      ...machine,
      calibration: { cpu: { ...machine.calibration!.cpu!, float: machine.calibration!.cpu!.float! * f } },
    });
    expect(calibrationDifferences(machine, slower(SAME_MACHINE_SPREAD * 0.99), 'cpu')).toEqual([]);
    expect(calibrationDifferences(machine, slower(1 / (SAME_MACHINE_SPREAD * 0.99)), 'cpu')).toEqual([]);
    expect(calibrationDifferences(machine, slower(SAME_MACHINE_SPREAD * 1.01), 'cpu')[0]).toMatch(
      /^calibration 'float' \(cpu clock\) 1\.36\dx the baseline's/,
    );
    expect(calibrationDifferences(machine, { ...machine, calibration: undefined }, 'cpu')).toEqual([
      'no calibration figures were measured here on a time clock',
    ]);
    // Instruction counts do not need time calibration figures.
    expect(calibrationDifferences(machine, { ...machine, calibration: undefined }, 'instructions')).toEqual([]);
  });

  it('with normalised timing, a shift of every workload alike (a busy machine) is comparable; workloads moving apart are not', () => {
    const scaled = (f: Partial<Record<'sort' | 'int' | 'float' | 'alloc' | 'memory', number>>): typeof machine => ({
      ...machine,
      calibration: {
        cpu: Object.fromEntries(
          Object.entries(machine.calibration!.cpu!).map(([k, v]) => [k, v * (f[k as keyof typeof f] ?? 1)]),
        ) as NonNullable<typeof machine.calibration>['cpu'],
      },
    });
    const busy = scaled({ sort: 2, int: 2, float: 2.1, alloc: 1.9, memory: 2.2 });
    expect(calibrationDifferences(machine, busy, 'cpu', { normalized: true })).toEqual([]);
    // Without normalisation absolute times are compared: the same run is not comparable.
    expect(calibrationDifferences(machine, busy, 'cpu').length).toBeGreaterThan(0);
    // A wall-clock benchmark waits on the event loop and sockets, which a busy host slows unlike the
    // CPU-bound sort workload: for it the raw movement counts, normalised or not.
    expect(calibrationDifferences(machine, busy, 'wall', { normalized: true })[0]).toMatch(
      /^calibration 'sort' \(cpu clock\) 2\.000x the baseline's \(same machine: within 1\.35x\)/,
    );
    expect(
      calibrationDifferences(machine, scaled({ sort: 1.2, int: 1.2, float: 1.2 }), 'wall', { normalized: true }),
    ).toEqual([]);
    const apart = scaled({ sort: 2, int: 2, float: 2, alloc: 2, memory: 2 * SAME_MACHINE_SHAPE_SPREAD * 1.01 });
    expect(calibrationDifferences(machine, apart, 'cpu', { normalized: true })).toEqual([
      expect.stringMatching(/^calibration 'memory' \(cpu clock\) moved 2\.52\dx relative to the sort workload/),
    ]);
    // A workload moving alone, the sort workload staying: the same.
    expect(
      calibrationDifferences(machine, scaled({ float: 1 / (SAME_MACHINE_SHAPE_SPREAD * 1.01) }), 'cpu', {
        normalized: true,
      }),
    ).toHaveLength(1);
  });

  it('reads the ISA flags of /proc/cpuinfo and the fingerprint of this machine', () => {
    expect(parseCpuFlags('processor\t: 0\nflags\t\t: fpu hypervisor avx2 sse4_2 avx2 constant_tsc bmi2\n')).toEqual([
      'avx2',
      'bmi2',
      'sse4_2',
    ]);
    expect(parseCpuFlags('processor : 0\n')).toBeUndefined();
    const here = currentFingerprint();
    expect(here).toMatchObject({ node: process.version, v8: process.versions.v8, arch: process.arch });
    expect(fingerprintDifferences(here, here, 'instructions')).toEqual([]);
  });
});
