/** Phase 4, compare: one scenario's record against the stored baseline's, by the suite's rules. Pure. */
import type { CheckResult } from '../../core/report.ts';
import { compareWithBaseline, type ScenarioBaseline } from '../stress-baseline.ts';
import type { StressEntry } from '../suite-schema.ts';

export function compareScenario(
  entry: StressEntry,
  scenario: string,
  base: ScenarioBaseline | undefined,
  now: ScenarioBaseline,
  speedFactor: number,
): CheckResult[] {
  if (!base) return [];
  return compareWithBaseline(scenario, base, now, {
    latencyGate: entry.latencyGate,
    yardstickTolerance: entry.yardstickTolerance,
    yardstickAlpha: entry.yardstickAlpha,
    yardstickCpuMatch: entry.yardstickCpuMatch,
    contentionTolerance: entry.contentionTolerance,
    latencyTolerance: entry.latencyTolerance,
    latencyFloorMs: entry.latencyFloorMs,
    failureRateRatio: entry.failureRateRatio,
    tokenTolerance: entry.tokenTolerance,
    alpha: entry.alpha,
    speedFactor,
  });
}
