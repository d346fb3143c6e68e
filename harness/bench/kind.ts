/**
 * The `bench` suite kind: plan -> measure -> compare -> confirm -> persist -> report, each phase a
 * small function in phases/ (see plan.ts for which comparison runs when, compare.ts in this folder
 * for the statistics).
 */
import { relative } from 'node:path';
import { gitCommit } from '../core/environment.ts';
import { suiteVerdict, type SuiteReport } from '../core/report.ts';
import { calibrateBench, calibrationChecks } from './calibrate.ts';
import { defineSuiteKind, type SuiteContext } from '../core/suite-kind.ts';
import { readBenchBaseline, type BenchBaseline } from './baseline.ts';
import { discoverBenchFiles } from './discover.ts';
import { currentFingerprint } from './fingerprint.ts';
import { counterHere } from './instructions/valgrind.ts';
import { benchEntrySchema, benchFlagsSchema, type BenchEntry, type BenchFlags } from './options.ts';
import { judge, notComparableCheck, pairUp, withCalibration, type Pair, type StoredFigures } from './phases/compare.ts';
import { PhaseTimes } from './phases/phase-times.ts';
import { screenWallClock, withScreenLines } from './phases/same-round.ts';
import { confirmedChecks, confirmRegressions } from './phases/confirm.ts';
import { sidesMeasurer } from './phases/measure-sides.ts';
import { mergeBenchShards } from './phases/merge-shards.ts';
import { persistRun } from './phases/persist.ts';
import { planBench, storedFilesOf } from './phases/plan.ts';
import { noCountedNotes } from './phases/counted-notes.ts';
import { benchReport } from './phases/report.ts';
import {
  addFileTimes,
  benchFilesForShard,
  benchShardPart,
  mayRegressInFamily,
  withFileDurations,
  type BenchShardData,
} from './phases/shard.ts';
import { gateSettings, measureOptions } from './phases/settings.ts';
import { commitExists } from './worktree.ts';
import { createRng } from '../core/rng.ts';

/** The screen's own bootstrap stream (phases/same-round.ts), apart from the gate's. */
const screenRandom = (ctx: SuiteContext<BenchFlags>) => createRng((ctx.seedOverride ?? ctx.seed) + 0x5c).float;

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
  const plan = planBench({
    files: share.files,
    repetitions: flags.repetitions ?? entry.repetitions,
    filter: flags.filter,
    against: flags.against,
    saving: Boolean(flags.save),
    stored,
    here,
    reachable: (commit) => commitExists(ctx.rootDir, commit),
  });
  const times = new PhaseTimes();
  const measurer = sidesMeasurer({
    plan,
    times,
    rootDir: ctx.rootDir,
    benchDir: entry.dir,
    only: entry.files,
    options: { ...measureOptions(entry, flags, plan.repetitions, ctx), stored: storedFilesOf(plan, entry.dir) },
  });
  const { pairOptions, judgeOptions } = gateSettings(entry, ctx, plan, relative(ctx.rootDir, baselineFile));
  const notes = [...plan.notes];
  const counted = noCountedNotes();
  const fileMs = new Map<string, number>();
  const shipped: Pick<BenchShardData, 'pairs' | 'reruns' | 'screened' | 'screenLabel'> = { pairs: [], reruns: [] };
  try {
    const first = await measurer.first();
    addFileTimes(fileMs, first.head, first.base);
    // How the head was measured (e.g. the instruction clock fell back to the CPU clock: valgrind missing).
    if (first.head.fellBack) counted.fellBack.push(first.head.fellBack);
    const storedFigures = (baseline: BenchBaseline): StoredFigures => ({
      kind: 'stored',
      label: 'baseline',
      baseline,
      here,
    });
    const storedBase = plan.base.kind === 'stored' ? storedFigures(plan.base.baseline) : undefined;
    // The stored counts that hold here although the base's timed benchmarks are measured now (plan.ts).
    const storedCounts =
      plan.base.kind === 'ref' && plan.base.countsFromStored && plan.base.baseline
        ? storedFigures(plan.base.baseline)
        : undefined;
    const paired = pairUp(
      first.head,
      first.base
        ? {
            kind: 'measured',
            label: measurer.baseLabel ?? 'base',
            measurement: first.base,
            ...(storedCounts ? { stored: storedCounts } : {}),
          }
        : (storedBase ?? storedCounts),
      pairOptions,
    );
    const checks = [...paired.checks];
    let measuredBase = first.base !== undefined;
    let pairs = [...paired.pairs];
    // Stored figures from another machine (or a very different load) are never judged, nor are wall-clock
    // figures the screen does not pass (same-round.ts): measure the baseline's commit now, if we can.
    const measuredNow = measurer.baseLabel && !plan.saving && !ctx.signal.aborted ? measurer.baseLabel : undefined;
    const screened =
      measuredNow && storedBase ? screenWallClock(pairs, { ...judgeOptions, random: screenRandom(ctx) }) : [];
    counted.incomparable.push(
      ...paired.incomparable.map((x) => ({
        id: x.m.id,
        file: x.m.file,
        differences: x.differences,
        ...(measuredNow ? { measuredNow } : {}),
      })),
    );
    // A screened benchmark's stored pair gives way only to a same-round pair or check (a run cut short keeps it).
    let replaced = new Set<string>();
    const kept = (p: Pair) => !replaced.has(p.m.id);
    if (measuredNow && (paired.incomparable.length > 0 || screened.length > 0)) {
      const ids = new Set([...paired.incomparable.map((x) => x.m.id), ...screened.map((x) => x.id)]);
      const again = await measurer.again(ids, first.head, 'remeasure');
      addFileTimes(fileMs, again.head, again.base);
      measuredBase = true;
      const rerun = pairUp(again.head, { kind: 'measured', label: measuredNow, measurement: again.base! }, pairOptions);
      const remeasured = new Set([...rerun.pairs.map((p) => p.m.id), ...rerun.checks.map((c) => c.name)]);
      replaced = new Set(screened.map((x) => x.id).filter((id) => remeasured.has(id)));
      pairs = [...pairs.filter(kept), ...rerun.pairs];
      shipped.pairs.push(
        ...paired.pairs.filter(kept).map((pair) => ({ stage: 0 as const, pair })),
        ...rerun.pairs.map((pair) => ({ stage: 1 as const, pair })),
      );
      checks.push(...rerun.checks);
    } else {
      shipped.pairs.push(...paired.pairs.map((pair) => ({ stage: 0 as const, pair })));
      checks.push(...paired.incomparable.map((x) => notComparableCheck(x, 'baseline')));
    }
    const judgedSameRound = screened.filter((x) => replaced.has(x.id));
    const fileOf = (id: string) => first.head.benches.get(id)!.file;
    counted.screened!.push(
      ...judgedSameRound.map((x) => ({ id: x.id, file: fileOf(x.id), measuredNow: measuredNow! })),
    );
    shipped.screened = judgedSameRound;
    shipped.screenLabel = measuredNow;
    const judgements = judge(pairs, judgeOptions);
    const confirm = entry.confirm && !plan.saving;
    const judgedAlone = [...checks];
    const confirmation = await confirmRegressions({
      judgements,
      head: first.head,
      remeasure: async (ids, head) => {
        const again = await measurer.again(ids, head);
        addFileTimes(fileMs, again.head, again.base);
        return again;
      },
      baseLabel: measurer.baseLabel,
      storedBase,
      pairOptions,
      judgeOptions,
      enabled: confirm,
      aborted: () => ctx.signal.aborted,
      ...(ctx.shard
        ? { flagged: mayRegressInFamily(entry.alpha), onRerun: (p: Pair[]) => shipped.reruns.push(...p) }
        : {}),
    });
    const confirmOptions = { saving: plan.saving, confirm, rerunBoth: measurer.baseLabel !== undefined };
    checks.push(
      ...withScreenLines(confirmedChecks(judgements, confirmation, confirmOptions), judgedSameRound, measuredNow ?? ''),
    );
    const persisted = await persistRun({
      rootDir: ctx.rootDir,
      head: first.head,
      fingerprint: withCalibration(here, first.head),
      gitCommit: gitCommit(ctx.rootDir),
      date: new Date().toISOString(),
      ci: ctx.ci,
      aborted: ctx.signal.aborted,
      anyError: checks.some((c) => c.verdict === 'error'),
      // A shard stores its own files' figures and keeps the others (like a -t run).
      save: flags.save
        ? { file: baselineFile, against: flags.against, stored, partial: Boolean(plan.filter || ctx.shard) }
        : undefined,
      history: {
        store: ctx.history,
        suite: entry.name,
        legacyFile: historyFile,
        limit: entry.historyLimit,
        location: entry.location,
      },
    });
    const reportInput = {
      name: entry.name,
      dir: entry.dir,
      ...(flags.filter?.length ? { filter: flags.filter } : {}),
      notes: [...notes, ...persisted.notes],
      counted,
      baseLabel: measuredBase ? measurer.baseLabel : (storedBase ?? storedCounts) ? 'baseline' : undefined,
      repetitions: plan.repetitions,
      threshold: entry.threshold,
    };
    const timeNote = times.note();
    const report = benchReport({
      ...reportInput,
      notes: [...reportInput.notes, ...(timeNote ? [timeNote] : [])],
      stepMetrics: times.metrics(),
      checks: withFileDurations(checks, fileMs),
      trend: persisted.trend,
      calibration: persisted.calibration,
      durationMs: performance.now() - t0,
    });
    if (!ctx.shard) return report;
    const data: BenchShardData = {
      files: allFiles,
      seed: ctx.seedOverride ?? ctx.seed,
      judge: { alpha: entry.alpha, resamples: entry.resamples, normalize: entry.normalize, location: entry.location },
      ...shipped,
      checks: judgedAlone,
      confirm: confirmOptions,
      report: reportInput,
      trend: persisted.trend,
      cals: [...first.head.benches.values()].flatMap((m) => m.reps.map((r) => r.cal)),
      fileMs: Object.fromEntries(fileMs),
    };
    return { ...report, shardPart: benchShardPart(ctx.shard, share, data) };
  } finally {
    await measurer.dispose();
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
