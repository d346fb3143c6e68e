import { relative } from 'node:path';
import { InputError } from '../core/errors.ts';
import type { SuiteReport } from '../core/report.ts';
import { unitsForShard } from '../core/shard-plan.ts';
import type { SuiteContext } from '../core/suite-kind.ts';
import { renderDriftChart } from './chart-svg.ts';
import { driftReport } from './drift-report.ts';
import { pairDurations, type DriftShardData } from './drift-shards.ts';
import type { DriftEntry } from './entry-schema.ts';
import { loadScenarios } from './load-scenarios.ts';
import { compactRun, type PairRun, type ScenarioInfo } from './pair-run.ts';
import { simulateScenario } from './simulate.ts';

/**
 * Run every scenario for `seeds` seeds (base seed, base+1, ...) and turn the runs into checks: per
 * scenario, detection against the ground truth (default set) and the invariants of the system's
 * trace; one SVG chart per scenario from the first seed. Returns the suite report; never prints.
 */
export async function runDriftSuite(o: DriftEntry, ctx: SuiteContext): Promise<SuiteReport> {
  const t0 = performance.now();
  const loaded = await loadScenarios(o.scenarios, ctx.rootDir, { allowOutside: ctx.allowOutsidePaths });
  for (const l of loaded) {
    // Calibration needs several windows inside the reference period.
    if (l.scenario.referenceDays * 24 < 3 * o.detectors.windowHours) {
      throw new InputError(
        `referenceDays (${l.scenario.referenceDays}) must hold at least 3 detector windows of ${o.detectors.windowHours} h`,
        { file: l.file, field: 'referenceDays' },
      );
    }
  }
  const base = ctx.seedOverride ?? o.seed ?? ctx.seed;
  const infos: ScenarioInfo[] = loaded.map((l) => ({
    name: l.scenario.name,
    description: l.scenario.description,
    expect: l.scenario.expect,
    file: relative(ctx.rootDir, l.file) || l.file,
  }));
  // The units a shard may split: every scenario x seed pair (balanced by the last run's times).
  const pairs = loaded.flatMap((l, si) =>
    Array.from({ length: o.seeds }, (_, i) => ({ si, i, key: `${l.scenario.name} seed ${base + i}` })),
  );
  const plan = unitsForShard(
    pairs.map((p) => p.key),
    ctx.shard,
    pairDurations(ctx.shard?.previous),
  );
  const runs: PairRun[][] = loaded.map(() => []);
  const charts: Record<string, string> = {};
  let done = 0;
  for (const k of plan.indices) {
    const { si, i, key } = pairs[k]!;
    if (ctx.signal.aborted) throw ctx.signal.reason;
    const l = loaded[si]!;
    const r = await simulateScenario({
      scenario: l.scenario,
      seed: base + i,
      detectors: o.detectors,
      system: o.system,
      tickMinutes: o.tickMinutes,
      signal: ctx.signal,
    });
    runs[si]!.push(r);
    if (o.charts && i === 0) charts[l.scenario.name] = renderDriftChart(r);
    ctx.progress({ done: ++done, total: plan.indices.length, label: key });
  }
  const report = driftReport({
    name: o.name,
    infos,
    runs,
    charts,
    hasSystem: Boolean(o.system),
    durationMs: Math.round(performance.now() - t0),
  });
  if (!ctx.shard) return report;
  const data: DriftShardData = {
    infos,
    seeds: o.seeds,
    hasSystem: Boolean(o.system),
    charts,
    runs: plan.indices.map((k) => ({
      scenario: pairs[k]!.si,
      run: compactRun(runs[pairs[k]!.si]!.find((r) => r.seed === base + pairs[k]!.i)!),
    })),
  };
  return {
    ...report,
    shardPart: {
      index: ctx.shard.index,
      total: ctx.shard.total,
      units: pairs.length,
      ran: plan.indices,
      balancedBy: plan.balancedBy,
      data,
    },
  };
}
