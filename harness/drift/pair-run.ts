/** One scenario x seed run as the drift checks and a shard's report carry it. */
import type { InvariantReport } from './invariants.ts';
import type { LoadedScenario } from './load-scenarios.ts';
import type { SimulationResult } from './simulate.ts';

/**
 * What the checks need of one scenario x seed run: the scores, thresholds and invariant report,
 * not the traces (a shard ships these to `gauntlet report merge`, so they stay small).
 */
export type PairRun = Pick<SimulationResult, 'seed' | 'scores' | 'defaultSet' | 'defaultSetIds' | 'wallMs'> & {
  detectors: ReadonlyArray<{ id: string; threshold: number }>;
  system?: Pick<NonNullable<SimulationResult['system']>, 'bounds' | 'alertRules'> & {
    invariants: InvariantReport & { violationTotal?: number };
  };
};

/** A scenario as its checks describe it (file relative to the project). */
export interface ScenarioInfo {
  name: string;
  description?: string;
  expect: LoadedScenario['scenario']['expect'];
  file: string;
}

/** A run without its traces; thresholds survive JSON (Infinity is written as null). */
export function compactRun(r: PairRun): PairRun {
  return {
    seed: r.seed,
    scores: r.scores,
    defaultSet: r.defaultSet,
    defaultSetIds: r.defaultSetIds,
    wallMs: r.wallMs,
    detectors: r.detectors.map((d) => ({ id: d.id, threshold: d.threshold })),
    ...(r.system
      ? {
          system: {
            bounds: r.system.bounds,
            alertRules: r.system.alertRules,
            invariants: {
              ...r.system.invariants,
              violations: r.system.invariants.violations.slice(0, 5),
              violationTotal: r.system.invariants.violationTotal ?? r.system.invariants.violations.length,
            },
          },
        }
      : {}),
  };
}
