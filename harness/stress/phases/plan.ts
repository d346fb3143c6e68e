/**
 * Phase 1, plan: validate every scenario's profile (a bad one is an input error before anything runs),
 * read the stored baseline (corrupt: BaselineError, exit code 2, file untouched) and time the
 * machine-speed workload.
 */
import { readBaseline } from '../../baselines/baseline-file.ts';
import type { SuiteContext } from '../../core/suite-kind.ts';
import { calibrationMs, speedFactor } from '../machine-speed.ts';
import type { FaultProfile } from '../profile-schema.ts';
import { resolveProfile } from '../run-scenario.ts';
import { migrateStressBaseline, stressBaselineSchema, type StressBaseline } from '../stress-baseline.ts';
import type { StressEntry, StressFlags } from '../suite-schema.ts';

export interface StressPlan {
  seed: number;
  profiles: FaultProfile[];
  baselineFile: string;
  stored: StressBaseline | undefined;
  /** This machine's speed workload now (ms). */
  calibrationMs: number;
  /** Baseline latencies x this under the absolute rule (1 unless `calibrate`). */
  speedFactor: number;
}

export async function planStress(entry: StressEntry, ctx: SuiteContext<StressFlags>): Promise<StressPlan> {
  // Profile and baseline paths stay inside the project unless the config sets allowOutsidePaths (SECURITY.md).
  for (const [i, sc] of entry.scenarios.entries())
    if (typeof sc.profile === 'string') ctx.resolvePath(sc.profile, `scenarios[${i}].profile`);
  const profiles = await Promise.all(
    entry.scenarios.map((sc, i) =>
      resolveProfile(sc.profile, ctx.rootDir, `suites.${entry.name}.scenarios[${i}].profile`),
    ),
  );
  const baselineFile = ctx.resolvePath(entry.baseline ?? `baselines/stress-${entry.name}.json`, 'baseline');
  const stored = await readBaseline(baselineFile, stressBaselineSchema, { migrate: migrateStressBaseline });
  const calibration = calibrationMs();
  return {
    seed: ctx.seedOverride ?? entry.seed ?? ctx.seed,
    profiles,
    baselineFile,
    stored,
    calibrationMs: calibration,
    speedFactor: entry.calibrate ? speedFactor(calibration, stored?.calibrationMs) : 1,
  };
}
