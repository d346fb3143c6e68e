import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Candidate, PlannerConfig } from './types.ts';

/** A shrunk input on which a planner property failed; `npm run golden:save-counterexample -- FILE` turns it into a golden case. */
export interface PlannerCounterexample {
  property: string;
  /** fast-check's seed and path: `fc.assert(prop, { seed, path })` replays exactly this run. */
  fcSeed: number;
  fcPath?: string;
  candidates: Candidate[];
  config: PlannerConfig;
  seed: number;
  error: string;
}

export const COUNTEREXAMPLE_DIR = join(import.meta.dirname, '..', '..', 'reports', 'counterexamples');

/** Write a counterexample next to the run's reports and return its path. */
export function saveCounterexample(cx: PlannerCounterexample, dir = COUNTEREXAMPLE_DIR): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${cx.property}-${cx.fcSeed}.json`);
  writeFileSync(file, JSON.stringify(cx, null, 2) + '\n');
  return file;
}
