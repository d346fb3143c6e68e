import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Candidate, PlannerConfig } from './types.ts';

/** A shrunk input on which a planner property failed; `gauntlet golden --from-counterexample FILE` turns it into a golden case. */
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
  // Explicit exploration share: the golden suite's base config must not change what the property
  // saw when the counterexample becomes a case. (Its caps and boosts name categories and ids the
  // property's generator never produces.)
  writeFileSync(file, JSON.stringify({ ...cx, config: { explorationShare: 0, ...cx.config } }, null, 2) + '\n');
  return file;
}
