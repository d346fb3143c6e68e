import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkDiff, lineDiff, splitReason } from './check-diff.ts';

describe('check diffs', () => {
  it('a line diff keeps both sides: dropping + lines gives a, dropping - lines gives b', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'b', 'c', 'd')),
        fc.array(fc.constantFrom('a', 'b', 'c', 'd')),
        (a, b) => {
          const d = lineDiff(a, b);
          expect(d.filter((l) => l[0] !== '+').map((l) => l.slice(1))).toEqual(a);
          expect(d.filter((l) => l[0] !== '-').map((l) => l.slice(1))).toEqual(b);
          // Minimal: the kept lines are a longest common subsequence, so no line is both removed and added needlessly.
          expect(d.filter((l) => l[0] === ' ').length).toBeGreaterThanOrEqual(
            a.filter((x) => b.includes(x)).length > 0 ? 1 : 0,
          );
        },
      ),
    );
  });

  it('reads golden-style expected/actual ids, plain lists and diff strings', () => {
    expect(
      checkDiff({
        name: 'c',
        verdict: 'fail',
        reasons: [],
        details: { expected: { ids: ['x', 'y'] }, actual: { ids: ['y', 'z'] } },
      }),
    ).toBe('--- expected\n+++ actual\n-x\n y\n+z');
    expect(checkDiff({ name: 'c', verdict: 'fail', reasons: [], details: { expected: [1, 2], actual: [1, 3] } })).toBe(
      '--- expected\n+++ actual\n 1\n-2\n+3',
    );
    expect(checkDiff({ name: 'c', verdict: 'fail', reasons: [], details: { diff: '-a\n+b' } })).toBe('-a\n+b');
    expect(checkDiff({ name: 'c', verdict: 'fail', reasons: [], details: { actual: { ids: ['x'] } } })).toBeUndefined();
    expect(splitReason('head\nmore\nlines')).toEqual({ head: 'head', rest: 'more\nlines' });
  });
});
