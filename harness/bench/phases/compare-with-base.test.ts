import { describe, expect, it } from 'vitest';
import {
  baselineOf,
  bench,
  counted,
  machine,
  measurement,
  pairOptions,
  only,
  scriptedSides,
  testSettings,
  six,
  timed,
} from '../__fixtures__/scripted-measurements.ts';
import { plannedFigures } from './base-figures.ts';
import { compareWithBase, type CompareWithBaseInput } from './compare-with-base.ts';

import type { Measured } from './measure-sides.ts';

const gate = () => ({ pairOptions, screenOptions: testSettings() });

/**
 * Stored on this machine: 'a > one' and 'b > two' counted, two wall-clock round trips. Now 'b > two's own
 * processes count the sort workload 5% higher (not comparable), and 'io > trip' runs three times slower
 * (the screen does not pass it); 'a > one' and 'io > same' are as stored.
 */
const baseline = baselineOf([
  bench('a > one', [counted(1e6), counted(1e6)]),
  bench('b > two', [counted(2e6), counted(2e6)]),
  bench(
    'io > same',
    six(2).map((x) => timed(x)),
  ),
  bench(
    'io > trip',
    six(2).map((x) => timed(x)),
  ),
]);
const head = measurement([
  bench('a > one', [counted(1e6), counted(1e6)]),
  bench('b > two', [counted(2e6, 8.4e6), counted(2e6, 8.4e6)]),
  bench(
    'io > same',
    six(2).map((x) => timed(x)),
  ),
  bench(
    'io > trip',
    six(6).map((x) => timed(x)),
  ),
]);
/** The baseline's commit measured now: as slow as the head on this host. */
const baseNow = measurement([
  bench('b > two', [counted(2e6, 8.4e6), counted(2e6, 8.4e6)]),
  bench(
    'io > trip',
    six(6).map((x) => timed(x)),
  ),
]);

function input(
  baseLabel: string | undefined,
  o: { saving?: boolean; aborted?: boolean; again?: (ids: ReadonlySet<string>) => Measured } = {},
) {
  const sides = scriptedSides(baseLabel, o.again ?? ((ids) => ({ head: only(head, ids), base: only(baseNow, ids) })));
  const i: CompareWithBaseInput = {
    first: { head },
    planned: plannedFigures({ base: { kind: 'stored', baseline } }, machine),
    sides,
    plan: { saving: o.saving ?? false },
    aborted: () => o.aborted ?? false,
    gate: gate(),
  };
  return { i, sides };
}

const ids = (xs: ReadonlyArray<{ m: { id: string } }>) => xs.map((x) => x.m.id);

describe('compare with the base: stored figures that cannot be judged here', () => {
  it("are judged against the baseline's commit measured now, in one re-measurement with the screened wall-clock ones", async () => {
    const { i, sides } = input('baseline commit c0ffee');
    const c = await compareWithBase(i);
    expect(sides.asked).toEqual([{ ids: ['b > two', 'io > trip'], stage: 'remeasure' }]);
    // The stored pairs that stand, then the same-round pairs (the screened stored pair gives way).
    expect(c.pairs.map((p) => [p.m.id, p.label, p.paired])).toEqual([
      ['a > one', 'baseline', false],
      ['io > same', 'baseline', false],
      ['b > two', 'baseline commit c0ffee', true],
      ['io > trip', 'baseline commit c0ffee', true],
    ]);
    expect(c.shipped.map((s) => [s.stage, s.pair.m.id])).toEqual([
      [0, 'a > one'],
      [0, 'io > same'],
      [1, 'b > two'],
      [1, 'io > trip'],
    ]);
    expect(c.checks).toEqual([]);
    expect(c.sameRound.map((s) => [s.id, s.why])).toEqual([['io > trip', 'regressed']]);
    expect(c.baseLabel).toBe('baseline commit c0ffee');
    expect(c.measuredNow).toBe('baseline commit c0ffee');
    expect(c.counted.incomparable.map((x) => [x.id, x.file, x.measuredNow])).toEqual([
      ['b > two', 'b.bench.ts', 'baseline commit c0ffee'],
    ]);
    expect(c.counted.incomparable[0]!.differences.join()).toMatch(/calibration 'sort' \(instructions clock\)/);
    expect(c.counted.screened).toEqual([
      { id: 'io > trip', file: 'io.bench.ts', measuredNow: 'baseline commit c0ffee' },
    ]);
    expect(c.counted.fellBack).toEqual([]);
  });

  it('are "not comparable" warnings when the commit cannot be measured, and the screen is not run', async () => {
    const { i, sides } = input(undefined);
    const c = await compareWithBase(i);
    expect(sides.asked).toEqual([]);
    expect(ids(c.pairs)).toEqual(['a > one', 'io > same', 'io > trip']);
    expect(c.shipped.map((s) => s.stage)).toEqual([0, 0, 0]);
    expect(c.checks.map((x) => [x.name, x.verdict])).toEqual([['b > two', 'warn']]);
    expect(c.checks[0]!.reasons[0]).toMatch(/^not comparable: baseline from another machine: here /);
    expect(c.sameRound).toEqual([]);
    expect(c.baseLabel).toBe('baseline');
    expect(c.measuredNow).toBeUndefined();
    expect(c.counted.incomparable.map((x) => [x.id, x.measuredNow])).toEqual([['b > two', undefined]]);
    expect(c.counted.screened).toEqual([]);
  });

  it('are warnings too when saving or after an interrupt, though the commit could be measured', async () => {
    for (const o of [{ saving: true }, { aborted: true }]) {
      const { i, sides } = input('baseline commit c0ffee', o);
      const c = await compareWithBase(i);
      expect(sides.asked).toEqual([]);
      expect(c.checks.map((x) => x.name)).toEqual(['b > two']);
      expect(c.baseLabel).toBe('baseline');
    }
  });

  it('a screened benchmark the re-measurement did not measure (a run cut short) keeps its stored pair', async () => {
    const nothing = () => ({ head: measurement([]), base: measurement([]) });
    const c = await compareWithBase(input('baseline commit c0ffee', { again: nothing }).i);
    expect(ids(c.pairs)).toEqual(['a > one', 'io > same', 'io > trip']);
    expect(c.shipped.map((s) => [s.stage, s.pair.m.id])).toEqual([
      [0, 'a > one'],
      [0, 'io > same'],
      [0, 'io > trip'],
    ]);
    expect(c.sameRound).toEqual([]);
    expect(c.counted.screened).toEqual([]);
    // A base was measured now: the report names it.
    expect(c.baseLabel).toBe('baseline commit c0ffee');
  });

  it('with no base measured and the stored counts alone, names the baseline and measures nothing now', async () => {
    const countsOnly = baselineOf([bench('a > one', [counted(1e6), counted(1e6)])]);
    const ref = { kind: 'ref' as const, ref: 'c0ffee', label: 'baseline commit c0ffee', baseline: countsOnly };
    const { i, sides } = input('baseline commit c0ffee');
    const c = await compareWithBase({
      ...i,
      first: { head: measurement([bench('a > one', [counted(1e6), counted(1e6)])]) },
      planned: plannedFigures({ base: { ...ref, countsFromStored: true } }, machine),
    });
    expect(sides.asked).toEqual([]);
    expect(c.pairs.map((p) => [p.m.id, p.label, p.paired])).toEqual([['a > one', 'baseline', false]]);
    expect(c.baseLabel).toBe('baseline');
  });

  it("reports the head's fallback (the instruction clock unavailable) in the counted notes", async () => {
    const fellBack = { reason: 'valgrind not found', ids: ['a > one'] };
    const { i } = input(undefined);
    const c = await compareWithBase({ ...i, first: { head: { ...head, fellBack } } });
    expect(c.counted.fellBack).toEqual([fellBack]);
  });
});
