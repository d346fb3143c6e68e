import { z } from 'zod';
import type { CheckResult } from '../core/report.ts';
import { provenanceSchema } from '../baselines/baseline-file.ts';
import { poissonRateTest } from '../stats/index.ts';
import { stressMachineSchema } from './comparability.ts';
import { compareLatency, type LatencyBasis } from './latency-gate.ts';
import { compareRates } from './rate-compare.ts';

/** What the yardstick gate measured: its settings and, per round pair, the two medians and their log ratio. */
export const yardstickRecordSchema = z.object({
  rounds: z.number().int().positive(),
  callsPerRound: z.number().int().positive(),
  concurrency: z.number().int().positive(),
  /** log(median latency of the client / median latency of the yardstick), one per round pair. */
  logRatios: z.array(z.number()).min(1),
  headMs: z.array(z.number().min(0)),
  yardstickMs: z.array(z.number().min(0)),
  /**
   * The CPU-matched yardstick's fixed work per call (yardstick/matched-work.ts), calibrated when the
   * baseline was measured and reused by every later run; absent in baselines before it (their
   * yardstick was the bare one).
   */
  cpuMatch: z
    .object({
      iterations: z.number().int().min(0),
      headCpuMsPerCall: z.number(),
      yardstickCpuMsPerCall: z.number(),
      workCpuMsPerIteration: z.number(),
    })
    .optional(),
});
export type YardstickRecord = z.output<typeof yardstickRecordSchema>;

const scenarioBaselineSchema = z.object({
  calls: z.number().int().positive(),
  /** 200 evenly spaced quantiles of the successful calls' end-to-end latency (ms). */
  e2eSample: z.array(z.number()),
  ttftSample: z.array(z.number()),
  metrics: z.record(z.string(), z.number()),
  failures: z.record(z.string(), z.number().int().min(0)),
  /** How crowded the CPU was while the load ran (contention.ts); absent in baselines before it, and off Linux. */
  contention: z
    .object({
      factor: z.number().min(1),
      cpuMs: z.number().min(0),
      waitMs: z.number().min(0),
      calibrationCpuMs: z.number().positive().optional(),
    })
    .optional(),
  /** The yardstick gate's rounds (yardstick/measure-yardstick.ts); absent in baselines before it. */
  yardstick: yardstickRecordSchema.optional(),
});
export type ScenarioBaseline = z.infer<typeof scenarioBaselineSchema>;

export const stressBaselineSchema = z.object({
  schemaVersion: z.literal(1),
  provenance: provenanceSchema,
  /** The machine it was measured on (comparability.ts); absent in baselines before it (their provenance stands in). */
  machine: stressMachineSchema.optional(),
  /** The machine-speed workload (ms) when the baseline was measured: see machine-speed.ts. */
  calibrationMs: z.number().positive().optional(),
  scenarios: z.record(z.string(), scenarioBaselineSchema),
});
export type StressBaseline = z.output<typeof stressBaselineSchema>;

/** gauntlet 0.1 wrote `version: 1`; every baseline now names its format in `schemaVersion`. */
export function migrateStressBaseline(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || 'schemaVersion' in raw || !('version' in raw)) return raw;
  const { version, ...rest } = raw as Record<string, unknown>;
  return { schemaVersion: version, ...rest };
}

export interface BaselinePolicy {
  /** Relative slowdown (0.5 = 50%) of the latency shift that counts, together with p < alpha. */
  latencyTolerance: number;
  /** A failure rate regresses at this multiple of the baseline's. Default 1.5. */
  failureRateRatio?: number;
  /** Shifts below this (ms) never count. Default 0. */
  latencyFloorMs?: number;
  alpha: number;
  /** Baseline latencies are multiplied by this first (this machine's speed relative to the baseline's). Default 1. */
  speedFactor?: number;
  /**
   * `yardstick` (default, when both runs measured it): the client's latency ratio to a bare yardstick
   * client measured in alternating rounds, against the baseline's ratio; `contention`: latencies divided
   * by the same run's CPU contention factor, a regression being a relative shift above
   * `contentionTolerance`; `absolute`: the rule above. Each falls back to the next when a run lacks its measurement.
   */
  latencyGate?: 'yardstick' | 'contention' | 'absolute';
  /** Yardstick gate: relative rise of the latency ratio that fails (with p < yardstickAlpha). Default 0.15. */
  yardstickTolerance?: number;
  /** Yardstick gate: the suite asks for a CPU-matched yardstick (a baseline without the match then gets a note to re-save). */
  yardstickCpuMatch?: boolean;
  /** Yardstick gate: one-sided level of the rank test over rounds. Default 0.01. */
  yardstickAlpha?: number;
  /** Relative shift of the contention-scaled latency that counts (0.2 = 20%). */
  contentionTolerance?: number;
  /** Tokens or cost per successful call above baseline x (1 + this) fail. Default 0.1. */
  tokenTolerance?: number;
}

/**
 * Compare a scenario with its baseline. Latency (baseline scaled by the machine-speed factor): one-sided Mann-Whitney U on the stored quantile
 * samples plus the Hodges-Lehmann shift; a regression needs both p < alpha and a shift above the
 * tolerance times the baseline median (and above the floor) (a busy CI machine shifts everything a little). Failures: one
 * conditional binomial (Poisson rate) test per category, calls as exposure; a regression needs
 * p < alpha and a rate at least 1.5x and 0.5 points above the baseline's.
 */
export function compareWithBaseline(
  scenario: string,
  base: ScenarioBaseline,
  now: ScenarioBaseline,
  policy: BaselinePolicy,
  basis: LatencyBasis = { kind: 'stored' },
): CheckResult[] {
  const checks: CheckResult[] = [...compareLatency(scenario, base, now, policy, basis)];
  const categories = new Set([...Object.keys(base.failures), ...Object.keys(now.failures)]);
  for (const cat of [...categories].sort()) {
    const c = now.failures[cat] ?? 0;
    const b = base.failures[cat] ?? 0;
    const name = `${scenario}/baseline:failures:${cat}`;
    const t = poissonRateTest(c, now.calls, b, base.calls, { alternative: 'greater' });
    const rNow = c / now.calls;
    const rBase = b / base.calls;
    const regressed =
      t.ok && t.pValue < policy.alpha && rNow >= (policy.failureRateRatio ?? 1.5) * rBase && rNow - rBase >= 0.005;
    checks.push({
      name,
      verdict: regressed ? 'fail' : 'pass',
      reasons: regressed
        ? [
            `${cat}: ${c}/${now.calls} calls (${(rNow * 100).toFixed(2)}%) against ${b}/${base.calls} (${(rBase * 100).toFixed(2)}%) in the baseline; p = ${t.ok ? t.pValue.toExponential(2) : 'n/a'}`,
          ]
        : [],
      metrics: {
        count: c,
        baseline_count: b,
        rate: rNow,
        baseline_rate: rBase,
        ...(t.ok ? { p_value: t.pValue } : {}),
      },
      change: regressed ? 'regressed' : rNow < rBase ? 'improved' : 'unchanged',
    });
  }
  checks.push(...compareRates(scenario, base, now, policy));
  return checks;
}
