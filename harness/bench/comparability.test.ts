import { describe, expect, it } from 'vitest';
import {
  calibrationDifferences,
  fingerprintDifferences,
  SAME_MACHINE_SPREAD,
  SAME_MACHINE_SHAPE_SPREAD,
  staticDifferences,
} from './comparability.ts';
import { currentFingerprint, parseCpuFlags, type Fingerprint } from './fingerprint.ts';

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
    const d = staticDifferences(machine, other, 'instructions');
    expect(d).toContain('Node version: v20.20.2 in the baseline, v22.1.0 here');
    expect(d).toContain('CPU instruction-set extensions differ (+avx512f -bmi2)');
  });

  it('a part the baseline does not record is never assumed equal', () => {
    const { v8: _v8, cpuFlags: _f, ...old } = machine;
    expect(staticDifferences(old, machine, 'instructions')).toEqual([
      'the baseline does not record its V8 version',
      'the baseline does not record its CPU instruction-set extensions',
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
