import { describe, expect, it } from 'vitest';
import fixture from './__fixtures__/ratio-shift.json' with { type: 'json' };
import { ratioShift } from './ratio-shift.ts';

describe('ratioShift (per-round log ratios, head run vs baseline)', () => {
  it.each(fixture.cases.map((c, i) => [i, c] as const))(
    'case %i: estimate, interval and one-sided p-values match scipy',
    (_, c) => {
      const r = ratioShift(c.now, c.base, { tolerance: 0.1, alpha: c.alpha });
      if (!r.ok) throw new Error(r.reason);
      expect(r.estimate).toBeCloseTo(c.estimate, 12);
      expect(r.lower).toBeCloseTo(c.lower, 12);
      expect(r.upper).toBeCloseTo(c.upper, 12);
      expect(r.pSlower).toBeCloseTo(c.pSlower, 10);
      expect(r.pFaster).toBeCloseTo(c.pFaster, 10);
    },
  );

  it('fails only a shift that is both significant and above the tolerance', () => {
    const [same, slower, small, faster] = fixture.cases;
    const judge = (c: typeof same, tolerance: number) => {
      const r = ratioShift(c!.now, c!.base, { tolerance, alpha: c!.alpha });
      return r.ok ? r.change : r.reason;
    };
    expect(judge(same, 0.1)).toBe('unchanged');
    expect(judge(slower, 0.1)).toBe('regressed'); // +27%, p = 5e-6
    expect(judge(slower, 0.3)).toBe('unchanged'); // the same shift under a 30% allowance
    expect(judge(small, 0.05)).toBe('unchanged'); // +8% but p = 0.03 > alpha 0.001
    expect(judge(faster, 0.1)).toBe('improved');
  });

  it('says why it cannot compare', () => {
    expect(ratioShift([], [0.1, 0.2], { tolerance: 0.1, alpha: 0.01 })).toMatchObject({ ok: false });
  });
});
