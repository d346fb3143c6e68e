import { describe, expect, it } from 'vitest';
import {
  baselineOf,
  bench,
  counted,
  machine,
  measurement,
  pairOptions,
  scriptedSides,
  testSettings,
} from '../__fixtures__/scripted-measurements.ts';
import type { RepetitionResult } from '../protocol.ts';
import type { Pair } from './compare.ts';
import { judgeAndConfirm, type JudgeAndConfirmInput } from './confirm.ts';
import type { Measured } from './measure-sides.ts';

const gate = () => ({ pairOptions, judgeOptions: testSettings() });
const label = 'main (c0ffee0000)';
const reps = (x: number): RepetitionResult[] => [counted(x), counted(x)];
const pair = (id: string, base: number, head: number): Pair => ({
  m: bench(id, reps(head)),
  base: reps(base),
  label,
  paired: true,
  threshold: 0.2,
  tolerance: 0.01,
});
/** 'a > one' does 10% more work than its base; 'b > two' the same. */
const pairs = [pair('a > one', 1e6, 1.1e6), pair('b > two', 2e6, 2e6)];
const head = measurement(pairs.map((p) => p.m));

function input(again: (ids: ReadonlySet<string>) => Measured, o: Partial<JudgeAndConfirmInput> = {}) {
  const sides = scriptedSides(label, again);
  const i: JudgeAndConfirmInput = {
    compared: { pairs, sameRound: [] },
    head,
    sides,
    gate: gate(),
    confirm: true,
    saving: false,
    aborted: () => false,
    ...o,
  };
  return { i, sides };
}
/** The re-run: the head doing `work` times the base's work. */
const rerun = (work: number) => () => ({
  head: measurement([bench('a > one', reps(1e6 * work))]),
  base: measurement([bench('a > one', reps(1e6))]),
});
const verdicts = (c: Awaited<ReturnType<typeof judgeAndConfirm>>) => c.checks.map((x) => [x.name, x.verdict]);

describe('judge and confirm', () => {
  it('re-runs both sides of the regressed benchmark only; a slowdown found again fails', async () => {
    const { i, sides } = input(rerun(1.1));
    const c = await judgeAndConfirm(i);
    expect(sides.asked).toEqual([{ ids: ['a > one'], stage: undefined }]);
    expect(verdicts(c)).toEqual([
      ['a > one', 'fail'],
      ['b > two', 'pass'],
    ]);
    expect(c.checks[0]!.reasons.at(-1)).toBe('confirmed by a re-run of both sides: 10.0% slower');
    expect(c.options).toEqual({ saving: false, confirm: true, rerunBoth: true });
    expect(c.reruns).toEqual([]);
  });

  it('a slowdown the re-run does not find again is a warning', async () => {
    const c = await judgeAndConfirm(input(rerun(1)).i);
    expect(verdicts(c)[0]).toEqual(['a > one', 'warn']);
    expect(c.checks[0]!.reasons.at(-1)).toBe('not confirmed by a re-run of both sides (0.0%): treated as noise');
  });

  it('--save accepts the slowdown without a re-run; confirm: false lets it fail without one', async () => {
    const saving = input(rerun(1), { saving: true });
    const saved = await judgeAndConfirm(saving.i);
    expect(saving.sides.asked).toEqual([]);
    expect(verdicts(saved)[0]).toEqual(['a > one', 'warn']);
    expect(saved.options).toEqual({ saving: true, confirm: false, rerunBoth: true });
    const off = input(rerun(1), { confirm: false });
    expect(verdicts(await judgeAndConfirm(off.i))[0]).toEqual(['a > one', 'fail']);
    expect(off.sides.asked).toEqual([]);
  });

  it('with stored figures only, re-runs the head alone against them', async () => {
    const baseline = baselineOf([bench('a > one', reps(1e6))]);
    const sides = scriptedSides(undefined, () => ({ head: measurement([bench('a > one', reps(1e6))]) }));
    const storedBase = { kind: 'stored' as const, label: 'baseline', baseline, here: machine };
    const c = await judgeAndConfirm({ ...input(rerun(1)).i, sides, storedBase });
    expect(sides.asked).toEqual([{ ids: ['a > one'], stage: undefined }]);
    expect(c.checks[0]!.reasons.at(-1)).toBe('not confirmed by a re-run (0.0%): treated as noise');
    expect(c.options.rerunBoth).toBe(false);
  });

  it("a shard re-runs what its flag picks and returns the re-run's pairs", async () => {
    const { i, sides } = input(
      (ids) => ({
        head: measurement([...ids].map((id) => bench(id, reps(id === 'a > one' ? 1.1e6 : 2e6)))),
        base: measurement([...ids].map((id) => bench(id, reps(id === 'a > one' ? 1e6 : 2e6)))),
      }),
      { flagged: () => true },
    );
    const c = await judgeAndConfirm(i);
    expect(sides.asked).toEqual([{ ids: ['a > one', 'b > two'], stage: undefined }]);
    expect(c.reruns.map((p) => [p.m.id, p.label, p.paired])).toEqual([
      ['a > one', label, true],
      ['b > two', label, true],
    ]);
  });

  it("adds the screen's line to the checks of benchmarks judged same-round", async () => {
    const sameRound = [{ id: 'b > two', ratio: 3, why: 'regressed' as const }];
    const c = await judgeAndConfirm(input(rerun(1.1), { compared: { pairs, sameRound, measuredNow: label } }).i);
    expect(c.checks[1]!.reasons.at(-1)).toBe(
      `the stored wall-clock figures (a screen) flagged +200.0%: judged against ${label} measured now, interleaved, instead`,
    );
    expect(c.checks[0]!.reasons.join()).not.toMatch(/screen/);
  });
});
