/**
 * The `stress` suite kind: plan -> (measure -> judge -> compare -> confirm, per scenario) -> persist -> report,
 * each phase a small function in phases/.
 */
import { currentProvenance } from '../baselines/baseline-file.ts';
import { savesThisRun } from '../baselines/policy.ts';
import type { Artifact, CheckResult, SuiteReport } from '../core/report.ts';
import { defineSuiteKind, type SuiteContext } from '../core/suite-kind.ts';
import { LATENCY_FORMULAS, METRIC_FORMULAS } from './analyze.ts';
import { yardstickWorkFor } from './latency-gate.ts';
import { currentMachine } from './comparability.ts';
import { baselinePolicy, compareScenario } from './phases/compare.ts';
import { confirmScenario } from './phases/confirm.ts';
import { latencyBasisPlanner } from './phases/latency-basis.ts';
import { measureRounds, measureScenario } from './phases/measure-scenario.ts';
import { persistStress } from './phases/persist.ts';
import { planStress } from './phases/plan.ts';
import { baselineFindings, fallbackNotes, stressReport } from './phases/report.ts';
import { judgeScenario } from './phases/scenario-checks.ts';
import { provideRedis } from './redis-provider.ts';
import type { StressBaseline } from './stress-baseline.ts';
import { stressEntrySchema, stressFlagsSchema, type StressEntry, type StressFlags } from './suite-schema.ts';

export { scenarioMetrics } from './phases/scenario-checks.ts';

async function runStressSuite(entry: StressEntry, ctx: SuiteContext<StressFlags>): Promise<SuiteReport> {
  const startedAt = performance.now();
  const plan = await planStress(entry, ctx);
  // `--save` in CI is refused (persist says so) and the run gates as one without it.
  const saving = savesThisRun({ save: ctx.flags.save, ci: ctx.ci });
  const redis = await provideRedis(entry.redis);
  const checks: CheckResult[] = [];
  const artifacts: Artifact[] = [];
  const metrics: Record<string, number> = {};
  const fresh: StressBaseline['scenarios'] = {};
  const bases = latencyBasisPlanner({ entry, stored: plan.stored, rootDir: ctx.rootDir, against: ctx.flags.against });
  try {
    for (const [i, sc] of entry.scenarios.entries()) {
      if (ctx.signal.aborted) break;
      ctx.progress({ done: i, total: entry.scenarios.length, label: `scenario ${sc.name}` });
      const measured = await measureScenario({
        entry,
        scenario: sc,
        profile: plan.profiles[i]!,
        seed: plan.seed + i,
        redisUrl: redis.url,
        signal: ctx.signal,
        rootDir: ctx.rootDir,
        cpuMatch: yardstickWorkFor(plan.stored?.scenarios[sc.name], saving, entry.yardstickCpuMatch),
        referenceFor: (outcome) => bases.reference(sc, outcome),
      });
      const judged = judgeScenario(entry, sc, measured, redis.kind);
      for (const [k, v] of Object.entries(judged.metrics)) metrics[`${sc.name}.${k}`] = v;
      checks.push(...judged.checks);
      artifacts.push(...judged.artifacts);
      fresh[sc.name] = judged.record;
      const base = plan.stored?.scenarios[sc.name];
      const compared = compareScenario(
        entry,
        sc.name,
        base,
        judged.record,
        plan.speedFactor,
        bases.basis(sc, measured.yardstick),
      );
      const kept = await confirmScenario({
        scenario: sc.name,
        checks: compared,
        base,
        record: judged.record,
        policy: baselinePolicy(entry, plan.speedFactor),
        enabled: entry.confirm,
        aborted: () => ctx.signal.aborted,
        baselineClient: () => bases.baselineClient(sc),
        measure: (reference) =>
          measureRounds({
            entry,
            scenario: sc,
            profile: plan.profiles[i]!,
            seed: plan.seed + i,
            signal: ctx.signal,
            cpuMatch: judged.record.yardstick?.cpuMatch ?? null,
            reference,
          }),
        saveCommand: `gauntlet stress ${entry.name} --save`,
      });
      checks.push(...kept);
      const confirmMs = kept.find((c) => c.metrics?.confirm_ms !== undefined)?.metrics?.confirm_ms;
      if (confirmMs !== undefined) metrics[`${sc.name}.confirm_ms`] = confirmMs;
    }
  } finally {
    await redis.stop();
    await bases.dispose();
  }
  metrics.calibration_ms = plan.calibrationMs;
  const here = currentProvenance(ctx.rootDir);
  const found = baselineFindings({
    entry,
    plan,
    fresh,
    here,
    rootDir: ctx.rootDir,
    policy: ctx.missingBaseline,
    saving,
  });
  checks.push(...found.checks);
  const persisted = await persistStress({
    save: Boolean(ctx.flags.save),
    ci: ctx.ci,
    against: ctx.flags.against,
    aborted: ctx.signal.aborted,
    checks,
    fresh,
    maxSaveContention: entry.maxSaveContention,
    baselineFile: plan.baselineFile,
    rootDir: ctx.rootDir,
    provenance: here,
    machine: currentMachine(),
    calibrationMs: plan.calibrationMs,
  });
  checks.push(...persisted.checks);
  const notes = [
    `cache: ${redis.note}`,
    ...Object.values(LATENCY_FORMULAS),
    ...Object.values(METRIC_FORMULAS),
    ...found.notes,
    ...bases.notes(),
    ...fallbackNotes(checks),
    ...persisted.notes,
  ];
  return stressReport({ name: entry.name, startedAt, checks, metrics, artifacts, notes, fresh, cache: redis.kind });
}

export default defineSuiteKind({
  kind: 'stress',
  description: 'concurrent LLM calls through a resilient client against a seeded mock OpenAI-compatible server',
  entrySchema: stressEntrySchema,
  flagsSchema: stressFlagsSchema,
  run: runStressSuite,
});
