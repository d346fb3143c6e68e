import { describe, expect, it } from 'vitest';
import { PhaseTimes } from './phase-times.ts';

describe('time by step', () => {
  it('adds up each step, names its metrics, and writes one note line', () => {
    const t = new PhaseTimes();
    expect(t.note()).toBeUndefined();
    t.add('first.counted', 20_400.4, 2);
    t.add('worktree', 150);
    t.add('first.counted', 1_000, 1);
    t.add('first.list', 15_500, 1);
    expect(t.metrics()).toEqual({
      phase_first_counted_ms: 21_400,
      phase_first_counted_processes: 3,
      phase_worktree_ms: 150,
      phase_first_list_ms: 15_500,
      phase_first_list_processes: 1,
    });
    expect(t.note()).toBe(
      'time by step (wall; counted and timed processes overlap): first.counted 21.4 s (3 processes), worktree 0.1 s, first.list 15.5 s (1 process)',
    );
  });
});
