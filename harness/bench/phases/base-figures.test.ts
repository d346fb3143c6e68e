import { describe, expect, it } from 'vitest';
import { baselineOf, bench, counted, machine, measurement } from '../__fixtures__/scripted-measurements.ts';
import { firstBaseFigures, plannedFigures } from './base-figures.ts';

const baseline = baselineOf([bench('a > one', [counted(1e6)])]);
const head = measurement([bench('a > one', [counted(1e6)])]);
const base = measurement([bench('a > one', [counted(1e6)])]);

describe('the figures the first measurement is compared with', () => {
  it('stored figures when the plan compares with them, labelled "baseline" with this machine', () => {
    const planned = plannedFigures({ base: { kind: 'stored', baseline } }, machine);
    expect(planned).toEqual({ storedBase: { kind: 'stored', label: 'baseline', baseline, here: machine } });
    expect(firstBaseFigures({ head }, 'baseline commit c0ffee', planned)).toBe(planned.storedBase);
  });

  it('a measured base, with the stored counts beside it only when the plan says they hold here', () => {
    const ref = { kind: 'ref' as const, ref: 'c0ffee', label: 'baseline commit c0ffee', baseline };
    const holding = plannedFigures({ base: { ...ref, countsFromStored: true } }, machine);
    expect(holding).toEqual({ storedCounts: { kind: 'stored', label: 'baseline', baseline, here: machine } });
    expect(firstBaseFigures({ head, base }, 'baseline commit c0ffee', holding)).toEqual({
      kind: 'measured',
      label: 'baseline commit c0ffee',
      measurement: base,
      stored: holding.storedCounts,
    });
    // The base side had no file left to measure (counted files only): the stored counts alone.
    expect(firstBaseFigures({ head }, 'baseline commit c0ffee', holding)).toBe(holding.storedCounts);
    expect(plannedFigures({ base: ref }, machine)).toEqual({});
    expect(firstBaseFigures({ head, base }, undefined, {})).toEqual({
      kind: 'measured',
      label: 'base',
      measurement: base,
    });
  });

  it('nothing when there is nothing to compare with', () => {
    expect(plannedFigures({ base: { kind: 'none' } }, machine)).toEqual({});
    expect(firstBaseFigures({ head }, undefined, {})).toBeUndefined();
  });
});
