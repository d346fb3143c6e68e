import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../core/report.ts';
import { testSettings, timed } from '../__fixtures__/scripted-measurements.ts';
import type { Clock } from '../protocol.ts';
import type { Pair } from './compare.ts';
import { screenedOut, screenLine, screenWallClock, withScreenLines } from './same-round.ts';
import { judge } from './compare.ts';

const rep = timed;

function pair(id: string, base: number[], head: number[], o: { clock?: Clock; paired?: boolean } = {}): Pair {
  return {
    m: { id, file: 'io.bench.ts', name: id, options: {}, reps: head.map((x) => rep(x, o.clock)), errors: [] },
    base: base.map((x) => rep(x, o.clock)),
    label: o.paired ? 'baseline commit c0ffee' : 'baseline',
    paired: o.paired ?? false,
    threshold: 1,
    tolerance: 1,
  };
}

const options = testSettings;
const six = (x: number) => [x, x * 1.02, x * 0.98, x * 1.01, x * 0.99, x * 1.03];

describe('the screen of wall-clock stored figures', () => {
  it('sends on a slowdown beyond the tolerance and one the data cannot rule out; passes the rest', () => {
    const screened = screenWallClock(
      [
        pair('same', six(2), six(2)),
        pair('tripled', six(2), six(6)),
        // +10% in most repetitions, 2 of 6 ten times slower: a doubling is not ruled out, nor shown.
        pair('noisy', six(2), [2.2, 2.2, 2.2, 2.2, 22, 22]),
      ],
      options(),
    );
    expect(screened.map((s) => [s.id, s.why])).toEqual([
      ['tripled', 'regressed'],
      ['noisy', 'inconclusive'],
    ]);
    expect(screened[0]!.ratio).toBeCloseTo(3, 1);
  });

  it('leaves alone what is not a wall-clock figure against stored ones: CPU-clock pairs, pairs measured this run', () => {
    expect(
      screenWallClock(
        [pair('cpu', six(2), six(6), { clock: 'cpu' }), pair('measured', six(2), six(6), { paired: true })],
        options(),
      ),
    ).toEqual([]);
    // screenedOut on judgements of the same pairs: nothing either.
    const js = judge([pair('measured', six(2), six(6), { paired: true })], options());
    expect(js[0]!.clock === 'time' && js[0]!.evaluated.decision.change).toBe('regressed');
    expect(screenedOut(js)).toEqual([]);
  });

  it('writes what the screen found on the checks it sent to the same-round comparison', () => {
    const checks: CheckResult[] = [
      { name: 'io > a', verdict: 'pass', reasons: [] },
      { name: 'io > b', verdict: 'warn', reasons: ['inconclusive: ...'], details: { summary: 's' } },
    ];
    const out = withScreenLines(checks, [{ id: 'io > b', ratio: 1.58, why: 'inconclusive' }], 'baseline commit c0ffee');
    expect(out[0]).toEqual(checks[0]);
    expect(out[1]!.reasons).toEqual([
      'inconclusive: ...',
      'the stored wall-clock figures (a screen) could not rule out a slowdown (+58.0%): judged against baseline commit c0ffee measured now, interleaved, instead',
    ]);
    expect(out[1]!.details).toEqual({ summary: 's', screen: { id: 'io > b', ratio: 1.58, why: 'inconclusive' } });
    expect(screenLine({ id: 'x', ratio: 3.18, why: 'regressed' }, 'B')).toBe(
      'the stored wall-clock figures (a screen) flagged +218.0%: judged against B measured now, interleaved, instead',
    );
  });
});
