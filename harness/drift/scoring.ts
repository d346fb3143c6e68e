import type { DriftEpisode } from './generate-stream.ts';

export interface EpisodeScore {
  startMs: number;
  /** First alarm at or after the onset and before the episode (plus grace) ended; absent when none. */
  detectedAtMs?: number;
  delayMs?: number;
  /** Detected, and within the deadline if there is one. */
  detected: boolean;
}

export interface DetectorScore {
  detector: string;
  alarms: number;
  episodes: EpisodeScore[];
  missed: number;
  falseAlarms: number;
  /** False alarms per simulated day of monitored time without drift. */
  falseAlarmsPerDay: number;
  /** Mean time between false alarms in hours; absent when there was none. */
  mtbfaHours?: number;
  /** Mean detection delay (hours) over detected episodes; absent when none was detected. */
  meanDelayHours?: number;
  /** Monitored hours without drift (the exposure for false alarms). */
  quietHours: number;
}

export interface ScoringWindow {
  /** Monitoring starts when the reference period ends. */
  monitorFromMs: number;
  endMs: number;
  /** After an episode ends, alarms within this long still belong to it (a window still holds drifted data). */
  graceMs: number;
  /** An episode counts as detected only within this long of its onset. */
  deadlineMs?: number;
}

/**
 * Score one detector's alarms against the ground truth: an alarm inside an episode (or its grace
 * after the end) is a detection or a repeat, anything else in the monitored time is a false alarm.
 */
export function scoreDetector(
  detector: string,
  alarmsMs: readonly number[],
  episodes: readonly DriftEpisode[],
  w: ScoringWindow,
): DetectorScore {
  const spans = episodes.map((e) => ({ from: e.startMs, to: e.endMs === Infinity ? Infinity : e.endMs + w.graceMs }));
  const inDrift = (t: number) => spans.some((s) => t >= s.from && t < s.to);
  const alarms = alarmsMs.filter((t) => t >= w.monitorFromMs && t <= w.endMs);
  const scored: EpisodeScore[] = episodes.map((e, i) => {
    const at = alarms.find((t) => t >= spans[i]!.from && t < spans[i]!.to);
    if (at === undefined) return { startMs: e.startMs, detected: false };
    const delayMs = at - e.startMs;
    return {
      startMs: e.startMs,
      detectedAtMs: at,
      delayMs,
      detected: w.deadlineMs === undefined || delayMs <= w.deadlineMs,
    };
  });
  const falseAlarms = alarms.filter((t) => !inDrift(t)).length;
  // Quiet time: monitored time minus the union of drift spans.
  let driftMs = 0;
  let cursor = w.monitorFromMs;
  for (const s of [...spans].sort((a, b) => a.from - b.from)) {
    const from = Math.max(cursor, s.from);
    const to = Math.min(w.endMs, s.to);
    if (to > from) {
      driftMs += to - from;
      cursor = to;
    }
  }
  const quietHours = Math.max(0, (w.endMs - w.monitorFromMs - driftMs) / 3_600_000);
  const delays = scored.filter((e) => e.delayMs !== undefined).map((e) => e.delayMs! / 3_600_000);
  return {
    detector,
    alarms: alarms.length,
    episodes: scored,
    missed: scored.filter((e) => !e.detected).length,
    falseAlarms,
    falseAlarmsPerDay: quietHours > 0 ? falseAlarms / (quietHours / 24) : 0,
    ...(falseAlarms > 0 ? { mtbfaHours: quietHours / falseAlarms } : {}),
    ...(delays.length ? { meanDelayHours: delays.reduce((a, b) => a + b, 0) / delays.length } : {}),
    quietHours,
  };
}

/** The alarms of a set of detectors merged (the set alarms when any member does). */
export function unionAlarms(alarmSets: readonly (readonly number[])[]): number[] {
  return [...new Set(alarmSets.flat())].sort((a, b) => a - b);
}
