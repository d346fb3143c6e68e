import { createRng } from '../core/rng.ts';
import type { DriftChange, Scenario } from './scenario-schema.ts';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** One period of real drift: [startMs, endMs) on the simulation clock (endMs Infinity: to the end). */
export interface DriftEpisode {
  startMs: number;
  endMs: number;
  change: DriftChange['kind'];
}

export interface GeneratedStream {
  stepMs: number;
  /** Value at step i, observed at time i * stepMs. */
  values: Float64Array;
  /** The ground truth: every drift episode, by onset. */
  episodes: DriftEpisode[];
  referenceSteps: number;
}

/** The ground truth of a scenario, without generating values. */
export function driftEpisodes(s: Scenario): DriftEpisode[] {
  const end = s.days * DAY_MS;
  const out: DriftEpisode[] = [];
  for (const c of s.changes) {
    if (c.kind === 'recurring') {
      for (let d = c.startDay; d < s.days; d += c.everyDays)
        out.push({ startMs: d * DAY_MS, endMs: Math.min(end, (d + c.durationDays) * DAY_MS), change: c.kind });
    } else {
      out.push({ startMs: ('atDay' in c ? c.atDay : c.startDay) * DAY_MS, endMs: Infinity, change: c.kind });
    }
  }
  return out.sort((a, b) => a.startMs - b.startMs);
}

/** Mean shift (in sd) and sd factor a change contributes at time t. */
function changeAt(c: DriftChange, tDays: number): { shift: number; sdFactor: number } {
  switch (c.kind) {
    case 'shift':
      return { shift: tDays >= c.atDay ? c.meanShift : 0, sdFactor: 1 };
    case 'gradual':
      return {
        shift: tDays < c.startDay ? 0 : c.meanShift * Math.min(1, (tDays - c.startDay) / c.durationDays),
        sdFactor: 1,
      };
    case 'variance':
      return { shift: 0, sdFactor: tDays >= c.atDay ? c.sdFactor : 1 };
    case 'recurring': {
      if (tDays < c.startDay) return { shift: 0, sdFactor: 1 };
      const phase = (tDays - c.startDay) % c.everyDays;
      return { shift: phase < c.durationDays ? c.meanShift : 0, sdFactor: 1 };
    }
  }
}

/**
 * The scenario's input stream for one seed: base mean + daily/weekly sine cycles + changes, with
 * normal noise. Same scenario and seed, same values on every machine.
 */
export function generateStream(s: Scenario, seed: number): GeneratedStream {
  const rng = createRng(seed);
  const stepMs = s.stepMinutes * MINUTE_MS;
  const steps = Math.round((s.days * DAY_MS) / stepMs);
  const values = new Float64Array(steps);
  const daily = s.seasonality?.daily ?? 0;
  const weekly = s.seasonality?.weekly ?? 0;
  const { mean, sd } = s.base;
  for (let i = 0; i < steps; i++) {
    const tDays = (i * stepMs) / DAY_MS;
    let shift = 0;
    let sdFactor = 1;
    for (const c of s.changes) {
      const e = changeAt(c, tDays);
      shift += e.shift;
      sdFactor *= e.sdFactor;
    }
    const season = daily * Math.sin(2 * Math.PI * tDays) + weekly * Math.sin((2 * Math.PI * tDays) / 7);
    values[i] = mean + sd * (season + shift + sdFactor * rng.normal());
  }
  return {
    stepMs,
    values,
    episodes: driftEpisodes(s),
    referenceSteps: Math.round((s.referenceDays * DAY_MS) / stepMs),
  };
}
