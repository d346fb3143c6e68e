import { describe, expect, it } from 'vitest';
import { conditionDifferences, currentMachine, machineDifferences, type StressMachine } from './comparability.ts';

const here: StressMachine = { cpu: 'Intel Xeon', cores: 2, node: 'v20.20.2', os: 'linux 6.1', arch: 'x64' };
const provenance = {
  date: '2026-11-28T00:00:00Z',
  node: 'v20.20.2',
  cpu: 'Intel Xeon',
  platform: `${process.platform}-x64`,
};

describe('stress baseline comparability', () => {
  it('names every machine part that differs', () => {
    expect(machineDifferences({ machine: here, provenance }, here)).toEqual([]);
    expect(machineDifferences({ machine: { ...here, cores: 8, cpu: 'AMD EPYC' }, provenance }, here)).toEqual([
      'CPU model: AMD EPYC in the baseline, Intel Xeon here',
      'core count: 8 in the baseline, 2 here',
    ]);
  });

  it('judges a baseline written before the machine was recorded by its provenance', () => {
    expect(machineDifferences({ provenance }, here)).toEqual([]);
    expect(machineDifferences({ provenance: { ...provenance, node: 'v18.0.0' } }, here)).toEqual([
      'Node version: v18.0.0 in the baseline, v20.20.2 here',
    ]);
  });

  it('counts a contention factor more than 2x from the baseline in either direction', () => {
    const c = (factor: number) => ({ factor, cpuMs: 1, waitMs: 1 });
    expect(conditionDifferences(c(2.5), c(4.9))).toEqual([]);
    expect(conditionDifferences(c(2.5), c(1.3))).toEqual([]);
    expect(conditionDifferences(c(1.5), c(10))[0]).toMatch(
      /x10\.00 now, x1\.50 in the baseline \(6\.67x; one machine: within 2x/,
    );
    expect(conditionDifferences(c(12), c(2))).toHaveLength(1);
    expect(conditionDifferences(undefined, c(10))).toEqual([]);
  });

  it('describes this machine', () => {
    expect(currentMachine().cores).toBeGreaterThan(0);
  });
});
