import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../harness/core/clock.ts';
import { Curator } from './index.ts';

const HOUR = 3_600_000;

describe('Curator', () => {
  it('demotes over-exposed items within the daily budget and resets it at the day boundary', () => {
    const clock = new VirtualClock(0);
    const c = new Curator({ clock, dailyBudget: 2, demotionMs: HOUR });
    // 4 items, 12 picks: fair share 3; a, b and c are over 2.5 x 3 = 7.5? only a (10 picks) is.
    const r1 = c.review([...Array(10).fill('a'), 'b', 'c'], 4);
    expect(r1).toEqual({ proposed: 1, applied: 1, budgetUsedPct: 50, demoted: ['a'] });
    expect(c.penalty('a')).toBeGreaterThan(0);
    clock.set(2 * HOUR); // demotion expired: a may be demoted again
    const r2 = c.review([...Array(10).fill('a'), ...Array(10).fill('b'), 'c', 'd'], 8);
    expect(r2.proposed).toBe(2);
    expect(r2.applied).toBe(1); // budget of 2 per day: only one left
    expect(r2.budgetUsedPct).toBe(100);
    clock.set(24 * HOUR);
    expect(c.budgetUsedPct()).toBe(0);
    expect(c.penalty('a')).toBe(0);
  });
});
