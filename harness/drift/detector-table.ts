/** Each detector's false alarms, detections and delays over a scenario's seeds: the table, its text form and its metrics. */
import type { PairRun } from './pair-run.ts';

export const HOUR = 3_600_000;
export const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

/** One row of the per-scenario detector table (over all seeds). */
export interface DetectorRow {
  detector: string;
  inDefaultSet: boolean;
  falseAlarms: number;
  falseAlarmsPerDay: number;
  mtbfaHours?: number;
  episodes: number;
  detected: number;
  missed: number;
  meanDelayHours?: number;
  maxDelayHours?: number;
}

/** Aggregate the scores of every seed into one row per detector, plus the default set. */
export function detectorTable(runs: readonly PairRun[]): DetectorRow[] {
  const names = [...runs[0]!.scores.map((s) => s.detector), 'default set'];
  return names.map((detector) => {
    const scores = runs.map((r) =>
      detector === 'default set' ? r.defaultSet : r.scores.find((s) => s.detector === detector)!,
    );
    const delays = scores.flatMap((s) =>
      s.episodes.filter((e) => e.delayMs !== undefined).map((e) => e.delayMs! / HOUR),
    );
    const fa = scores.reduce((a, s) => a + s.falseAlarms, 0);
    const quiet = scores.reduce((a, s) => a + s.quietHours, 0);
    const episodes = scores.reduce((a, s) => a + s.episodes.length, 0);
    const missed = scores.reduce((a, s) => a + s.missed, 0);
    return {
      detector,
      inDefaultSet: detector === 'default set' || runs[0]!.defaultSetIds.includes(detector as never),
      falseAlarms: fa,
      falseAlarmsPerDay: quiet > 0 ? round(fa / (quiet / 24), 4) : 0,
      ...(fa > 0 ? { mtbfaHours: round(quiet / fa, 1) } : {}),
      episodes,
      detected: episodes - missed,
      missed,
      ...(delays.length
        ? {
            meanDelayHours: round(delays.reduce((a, b) => a + b, 0) / delays.length, 2),
            maxDelayHours: round(Math.max(...delays), 2),
          }
        : {}),
    };
  });
}

/** The detector table of one scenario as plain text (the report's `drift-detectors.txt`). */
export function renderDetectorTable(scenario: string, rows: readonly DetectorRow[], seeds: number): string {
  const head = ['detector', 'false alarms', 'per day', 'MTBFA h', 'detected', 'mean delay h', 'max delay h'];
  const body = rows.map((r) => [
    r.detector + (r.inDefaultSet && r.detector !== 'default set' ? ' *' : ''),
    String(r.falseAlarms),
    r.falseAlarmsPerDay.toFixed(3),
    r.mtbfaHours === undefined ? '-' : r.mtbfaHours.toFixed(0),
    r.episodes ? `${r.detected}/${r.episodes}` : '-',
    r.meanDelayHours === undefined ? '-' : r.meanDelayHours.toFixed(1),
    r.maxDelayHours === undefined ? '-' : r.maxDelayHours.toFixed(1),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [`${scenario} (${seeds} seed(s); * = default set)`, line(head), ...body.map(line), ''].join('\n');
}

/** The table's figures as check metrics (`<detector>_false_alarms`, ...; the default set as `default_set_`). */
export function detectorMetrics(rows: readonly DetectorRow[]): Record<string, number> {
  const m: Record<string, number> = {};
  for (const r of rows) {
    const key = r.detector === 'default set' ? 'default_set' : r.detector;
    m[`${key}_false_alarms`] = r.falseAlarms;
    m[`${key}_false_alarms_per_day`] = r.falseAlarmsPerDay;
    if (r.episodes) m[`${key}_missed`] = r.missed;
    if (r.meanDelayHours !== undefined) m[`${key}_mean_delay_h`] = r.meanDelayHours;
    if (r.maxDelayHours !== undefined) m[`${key}_max_delay_h`] = r.maxDelayHours;
    if (r.mtbfaHours !== undefined) m[`${key}_mtbfa_h`] = r.mtbfaHours;
  }
  return m;
}
