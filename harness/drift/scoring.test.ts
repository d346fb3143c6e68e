import { describe, expect, it } from 'vitest';
import { scoreDetector, unionAlarms } from './scoring.ts';

const H = 3_600_000;

describe('scoreDetector', () => {
  const w = { monitorFromMs: 0, endMs: 100 * H, graceMs: 4 * H, deadlineMs: 6 * H };

  it('separates detections, repeats and false alarms', () => {
    const episodes = [{ startMs: 50 * H, endMs: 60 * H, change: 'recurring' as const }];
    const s = scoreDetector('d', [10 * H, 53 * H, 55 * H, 62 * H, 70 * H], episodes, w);
    expect(s.episodes[0]).toMatchObject({ detectedAtMs: 53 * H, delayMs: 3 * H, detected: true });
    // 10 h and 70 h are false; 62 h is inside the 4 h grace after the episode.
    expect(s.falseAlarms).toBe(2);
    expect(s.quietHours).toBe(100 - 14);
    expect(s.falseAlarmsPerDay).toBeCloseTo(2 / (86 / 24));
    expect(s.mtbfaHours).toBe(43);
    expect(s.missed).toBe(0);
  });

  it('counts a late detection as missed, and an alarm at the very end inside a permanent drift as true', () => {
    const episodes = [{ startMs: 50 * H, endMs: Infinity, change: 'shift' as const }];
    const s = scoreDetector('d', [58 * H, 100 * H], episodes, w);
    expect(s.episodes[0]).toMatchObject({ delayMs: 8 * H, detected: false });
    expect(s.missed).toBe(1);
    expect(s.falseAlarms).toBe(0);
    expect(s.mtbfaHours).toBeUndefined();
  });

  it('ignores alarms before monitoring starts', () => {
    expect(scoreDetector('d', [1 * H], [], { ...w, monitorFromMs: 2 * H }).falseAlarms).toBe(0);
  });

  it('unions alarms of a set', () => {
    expect(
      unionAlarms([
        [3, 1],
        [2, 3],
      ]),
    ).toEqual([1, 2, 3]);
  });
});
