import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../core/rng.ts';
import { compareLocations, hodgesLehmann, kthPairwiseDifference, mannWhitneyU } from './index.ts';
import { pairwiseDifferenceOrderStatistics } from './pairwise-differences.ts';

type Kind = 'normal' | 'integers' | 'three values' | 'signed zeros';
const draw = (rng: Rng, kind: Kind): number => {
  if (kind === 'normal') return rng.normal();
  if (kind === 'integers') return Math.round(rng.normal() * 3);
  if (kind === 'three values') return rng.int(0, 2);
  return Math.round(rng.normal() * 0.6); // many -0 and +0
};
const kinds: Kind[] = ['normal', 'integers', 'three values', 'signed zeros'];
const sample = (rng: Rng, n: number, kind: Kind): number[] => Array.from({ length: n }, () => draw(rng, kind));
const prepare = (x: number[], y: number[]): [Float64Array, Float64Array] => [
  Float64Array.from(x).sort(),
  Float64Array.from(y).sort().reverse(),
];

/** Number of differences xAsc_i - yDesc_j below v (strictly, or at most v), by binary search per row. */
function countDifferences(xAsc: Float64Array, yDesc: Float64Array, v: number, orEqual: boolean): number {
  let total = 0;
  for (const xi of xAsc) {
    let a = 0;
    let b = yDesc.length; // row xi - yDesc_j is ascending in j
    while (a < b) {
      const mid = (a + b) >> 1;
      const d = xi - yDesc[mid]!;
      if (d < v || (orEqual && d === v)) a = mid + 1;
      else b = mid;
    }
    total += a;
  }
  return total;
}

describe('pairwise-difference order statistics', () => {
  it('equal the sorted list of all n*m differences (ties, signed zeros, n > m and n < m), zero returned as +0', () => {
    const rng = createRng(11);
    for (let c = 0; c < 120; c++) {
      const kind = kinds[c % kinds.length]!;
      const [xAsc, yDesc] = prepare(sample(rng, rng.int(1, 260), kind), sample(rng, rng.int(1, 260), kind));
      const nm = xAsc.length * yDesc.length;
      const all = new Float64Array(nm);
      let t = 0;
      for (const a of xAsc) for (const b of yDesc) all[t++] = a - b;
      all.sort();
      const ranks = [1, nm, ...Array.from({ length: 6 }, () => rng.int(1, nm))];
      const got = pairwiseDifferenceOrderStatistics(xAsc, yDesc, ranks);
      ranks.forEach((k, i) => {
        expect(got[i], `${kind} ${xAsc.length}x${yDesc.length} rank ${k}`).toBe(all[k - 1]! + 0);
      });
      expect(kthPairwiseDifference(xAsc, yDesc, ranks[2]!)).toBe(got[2]);
    }
  });

  it('are the k-th smallest on large samples (count below < k <= count at most), with heavy ties', () => {
    const rng = createRng(12);
    for (const [n, m, kind] of [
      [20_000, 30_000, 'normal'],
      [30_000, 2_000, 'integers'],
      [15_000, 15_000, 'three values'],
    ] as const) {
      const [xAsc, yDesc] = prepare(sample(rng, n, kind), sample(rng, m, kind));
      const nm = n * m;
      const ranks = [Math.ceil(nm * 0.48), nm / 2, nm / 2 + 1, Math.floor(nm * 0.52), 1, nm, rng.int(1, nm)];
      const got = pairwiseDifferenceOrderStatistics(xAsc, yDesc, ranks);
      ranks.forEach((k, i) => {
        const label = `${kind} ${n}x${m} rank ${k}`;
        expect(countDifferences(xAsc, yDesc, got[i]!, false), label).toBeLessThan(k);
        expect(countDifferences(xAsc, yDesc, got[i]!, true), label).toBeGreaterThanOrEqual(k);
      });
    }
  });

  it('compareLocations gives exactly the results of mannWhitneyU and hodgesLehmann, including not-enough-data answers', () => {
    const rng = createRng(13);
    const cases: Array<[number[], number[]]> = [
      [[], [1, 2]],
      [[1], [2]],
      [
        [1, NaN, 3],
        [2, 4],
      ],
      [[Infinity], [1, 2, 3]],
      [
        [2, 2, 2],
        [2, 2],
      ],
      [
        [1, 2, 3],
        [4, 5, 6, 7],
      ],
    ];
    for (let c = 0; c < 40; c++) {
      const kind = kinds[c % kinds.length]!;
      cases.push([sample(rng, rng.int(1, 120), kind), sample(rng, rng.int(1, 120), kind)]);
    }
    for (const [x, y] of cases) {
      for (const options of [
        {},
        { alternative: 'less' as const, confidence: 0.9 },
        { method: 'exact' as const, useContinuity: false, confidence: 1.5 },
      ]) {
        const both = compareLocations(x, y, options);
        expect(both.mannWhitney).toStrictEqual(mannWhitneyU(x, y, options));
        expect(both.hodgesLehmann).toStrictEqual(hodgesLehmann(x, y, options));
      }
    }
  });
});
