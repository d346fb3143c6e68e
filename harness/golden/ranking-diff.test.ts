import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kendallTauOfPermutation, rankingDiff } from './ranking-diff.ts';
import { renderRankingDiff } from './render-diff.ts';

const scores = new Map(Object.entries({ a: 5, b: 4, c: 3, d: 2, e: 1 }));

describe('rankingDiff', () => {
  it('is empty for equal rankings', () => {
    const d = rankingDiff(['a', 'b', 'c'], ['a', 'b', 'c'], scores);
    expect(d).toMatchObject({
      k: 3,
      moved: [],
      entered: [],
      left: [],
      overlapAtK: 1,
      kendallTau: 1,
      rankDeltas: [],
      totalScoreDelta: 0,
    });
  });

  it('reports moves, entries, exits, overlap, tau and score deltas', () => {
    const d = rankingDiff(['a', 'b', 'c', 'd'], ['b', 'a', 'e', 'c'], scores);
    expect(d.moved).toEqual([
      { id: 'a', from: 1, to: 2, by: -1 },
      { id: 'b', from: 2, to: 1, by: 1 },
      { id: 'c', from: 3, to: 4, by: -1 },
    ]);
    expect(d.entered).toEqual(['e']);
    expect(d.left).toEqual(['d']);
    expect(d.overlapAtK).toBe(0.75);
    // common a, b, c: expected order a<b<c, actual ranks 2, 1, 4: one discordant pair of three
    expect(d.kendallTau).toBeCloseTo(1 / 3, 12);
    expect(d.rankDeltas[0]).toEqual({ rank: 1, expected: 'a', actual: 'b', scoreDelta: -1 });
    expect(d.totalScoreDelta).toBe(4 + 5 + 1 + 3 - (5 + 4 + 3 + 2));
    const text = renderRankingDiff(d);
    expect(text).toContain('b 2→1 (▲1)');
    expect(text).toContain('entered top 4: e');
    expect(text).toContain('left top 4: d');
    expect(text).toContain('overlap@4 0.7500');
  });

  it('handles empty and different-length selections', () => {
    expect(rankingDiff([], [], scores)).toMatchObject({ k: 0, overlapAtK: 1, kendallTau: 1 });
    expect(rankingDiff(['a'], [], scores)).toMatchObject({ k: 1, overlapAtK: 0, kendallTau: 0, left: ['a'] });
    expect(rankingDiff(['a', 'b'], ['a', 'b', 'c'], scores)).toMatchObject({ k: 3, entered: ['c'], kendallTau: 1 });
  });
});

describe('kendallTauOfPermutation', () => {
  it('matches the O(n^2) definition', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 1000 }), { minLength: 2, maxLength: 60 }), (xs) => {
        let conc = 0;
        let disc = 0;
        for (let i = 0; i < xs.length; i++) for (let j = i + 1; j < xs.length; j++) xs[i]! < xs[j]! ? conc++ : disc++;
        expect(kendallTauOfPermutation(xs)).toBeCloseTo((conc - disc) / (conc + disc), 12);
      }),
      { seed: 42, numRuns: 200 },
    );
  });
  it('is -1 for a reversed list', () => {
    expect(kendallTauOfPermutation([5, 4, 3, 2, 1])).toBe(-1);
  });
});
