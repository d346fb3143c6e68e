/** Phase 4, compare: one scenario's record against the stored baseline's, by the suite's rules. Pure. */
import type { CheckResult } from '../../core/report.ts';
import { compareLatency, type LatencyBasis } from '../latency-gate.ts';
import { compareWithBaseline, type BaselinePolicy, type ScenarioBaseline } from '../stress-baseline.ts';
import type { StressEntry } from '../suite-schema.ts';

/** The suite's comparison rules, as the baseline comparisons take them. */
export function baselinePolicy(entry: StressEntry, speedFactor: number): BaselinePolicy {
  return {
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
  };
}

export function compareScenario(
  entry: StressEntry,
  scenario: string,
  base: ScenarioBaseline | undefined,
  now: ScenarioBaseline,
  speedFactor: number,
  basis: LatencyBasis = { kind: 'stored' },
): CheckResult[] {
  const policy = baselinePolicy(entry, speedFactor);
  // --against with no stored baseline: the latency check against that commit, measured now, is all there is.
  if (!base) return basis.kind === 'same-run' ? compareLatency(scenario, undefined, now, policy, basis) : [];
  return compareWithBaseline(scenario, base, now, policy, basis);
}
