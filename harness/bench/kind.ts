/**
 * The `bench` suite kind: plan -> measure -> compare -> confirm -> persist -> report, each phase a
 * small function in phases/ (see plan.ts for which comparison runs when, compare.ts in this folder
 * for the statistics).
 */
import { relative } from 'node:path';
import { suiteVerdict, type SuiteReport } from '../core/report.ts';
import { defineSuiteKind, type SuiteContext } from '../core/suite-kind.ts';
import { readBenchBaseline } from './baseline.ts';
import { calibrateBench, calibrationChecks } from './calibrate.ts';
import { discoverBenchFiles } from './discover.ts';
import { currentFingerprint } from './fingerprint.ts';
import { counterHere } from './instructions/valgrind.ts';
import { benchEntrySchema, benchFlagsSchema, type BenchEntry, type BenchFlags } from './options.ts';
import { plannedFigures } from './phases/base-figures.ts';
import { compareWithBase } from './phases/compare-with-base.ts';
import { judgeAndConfirm } from './phases/confirm.ts';
import { sidesMeasurer } from './phases/measure-sides.ts';
import { mergeBenchShards } from './phases/merge-shards.ts';
import { persistRun } from './phases/persist.ts';
import { PhaseTimes } from './phases/phase-times.ts';
import { planBench, storedFilesOf } from './phases/plan.ts';
import { reportSummary, runReport } from './phases/report.ts';
import { gateSettings, measureOptions, persistInput, planInput } from './phases/settings.ts';
import {
  benchFilesForShard,
  benchShardData,
  benchShardPart,
  mayRegressInFamily,
  withFileTimes,
} from './phases/shard.ts';

async function runBench(entry: BenchEntry, ctx: SuiteContext<BenchFlags>): Promise<SuiteReport> {
  const t0 = performance.now();
  const flags = ctx.flags;
  ctx.resolvePath(entry.dir, 'dir');
  const baselineFile = ctx.resolvePath(entry.baseline, 'baseline');
  const historyFile = ctx.resolvePath(entry.history ?? `baselines/history/${entry.name}.jsonl`, 'history');
  if (flags.calibrate) return calibrationReport(entry, ctx, flags.calibrate, t0);
  // A corrupt baseline throws a BaselineError here, before anything runs: exit code 2, file untouched.
  const stored = flags.against ? undefined : await readBenchBaseline(baselineFile);
  const here = currentFingerprint({ counter: await counterHere() });
  const allFiles = await discoverBenchFiles(ctx.rootDir, entry.dir, entry.files);
  // Under --shard i/n this shard measures a share of the files; the merge judges them all as one family.
  const share = benchFilesForShard(allFiles, ctx.shard);
  const plan = planBench(planInput(entry, ctx, { files: share.files, stored, here }));
  const times = new PhaseTimes();
  const fileMs = new Map<string, number>();
  const sides = withFileTimes(
    sidesMeasurer({
      plan,
      times,
      rootDir: ctx.rootDir,
      benchDir: entry.dir,
      only: entry.files,
      options: { ...measureOptions(entry, flags, plan.repetitions, ctx), stored: storedFilesOf(plan, entry.dir) },
    }),
    fileMs,
  );
  const gate = gateSettings(entry, ctx, plan, relative(ctx.rootDir, baselineFile));
  const aborted = () => ctx.signal.aborted;
  try {
    const first = await sides.first();
    const planned = plannedFigures(plan, here);
    const compared = await compareWithBase({ first, planned, sides, plan, aborted, gate });
    const confirmed = await judgeAndConfirm({
      compared,
      head: first.head,
      sides,
      storedBase: planned.storedBase,
      gate,
      confirm: entry.confirm,
      saving: plan.saving,
      aborted,
      ...(ctx.shard ? { flagged: mayRegressInFamily(entry.alpha) } : {}),
    });
    const checks = [...compared.checks, ...confirmed.checks];
    const persisted = await persistRun(
      persistInput(entry, ctx, { baselineFile, historyFile, stored, plan, here, head: first.head, checks }),
    );
    const summary = reportSummary(entry, plan, persisted.notes, compared);
    const report = runReport(summary, { checks, fileMs, times, persisted, startedAt: t0 });
    if (!ctx.shard) return report;
    const suite = { files: allFiles, seed: ctx.seedOverride ?? ctx.seed };
    const data = benchShardData(entry, suite, { first, compared, confirmed, summary, persisted, fileMs });
    return { ...report, shardPart: benchShardPart(ctx.shard, share, data) };
  } finally {
    await sides.dispose();
  }
}

/** `--calibrate N`: the A/A calibration as a suite report (one check per benchmark, false fails per clock in the notes). */
async function calibrationReport(
  entry: BenchEntry,
  ctx: SuiteContext<BenchFlags>,
  runs: number,
  t0: number,
): Promise<SuiteReport> {
  const files = await discoverBenchFiles(ctx.rootDir, entry.dir, entry.files);
  const c = await calibrateBench({ entry, ctx, files, runs });
  const { checks, notes, summary } = calibrationChecks(c);
  return {
    kind: 'bench',
    name: entry.name,
    verdict: checks.length ? suiteVerdict(checks) : 'warn',
    durationMs: performance.now() - t0,
    summary,
    checks,
    notes,
    metrics: {
      runs: c.runs.length,
      failed_runs: c.runs.filter((r) => r.confirmed.length).length,
      // Largest movement of a calibration workload relative to sort, per time clock (comparability.ts bounds it).
      ...Object.fromEntries(
        [...new Set(c.shape.map((x) => x.clock))].map((clock) => [
          `shape_spread_${clock}`,
          Math.max(...c.shape.filter((x) => x.clock === clock).map((x) => x.spread)),
        ]),
      ),
    },
  };
}

export default defineSuiteKind({
  kind: 'bench',
  description:
    'benchmark regression gate: instruction counts or repeated process-level timings, machine-aware baselines, Holm, confirmation re-run of both sides',
  entrySchema: benchEntrySchema,
  // Counted (valgrind) processes do not depend on contention; the timed processes run in ctx.quiet (measure.ts).
  measuresTime: 'in-quiet-stretches',
  flagsSchema: benchFlagsSchema,
  run: runBench,
  mergeShards: mergeBenchShards,
});
