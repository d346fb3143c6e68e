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
import { readBenchBaseline } from './baseline.ts';
import { discoverBenchFiles } from './discover.ts';
import { currentFingerprint } from './fingerprint.ts';
import { benchEntrySchema, benchFlagsSchema, type BenchEntry, type BenchFlags } from './options.ts';
import { judge, notComparableCheck, pairUp, withCalibration, type BaseFigures } from './phases/compare.ts';
import { confirmedChecks, confirmRegressions } from './phases/confirm.ts';
import { sidesMeasurer } from './phases/measure-sides.ts';
import { persistRun } from './phases/persist.ts';
import { planBench } from './phases/plan.ts';
import { benchReport } from './phases/report.ts';
import { gateSettings, measureOptions } from './phases/settings.ts';
import { commitExists } from './worktree.ts';

async function runBench(entry: BenchEntry, ctx: SuiteContext<BenchFlags>): Promise<SuiteReport> {
  const t0 = performance.now();
  const flags = ctx.flags;
  ctx.resolvePath(entry.dir, 'dir');
  const baselineFile = ctx.resolvePath(entry.baseline, 'baseline');
  const historyFile = ctx.resolvePath(entry.history ?? `baselines/history/${entry.name}.jsonl`, 'history');
  if (flags.calibrate) return calibrationReport(entry, ctx, flags.calibrate, t0);
  // A corrupt baseline throws a BaselineError here, before anything runs: exit code 2, file untouched.
  const stored = flags.against ? undefined : await readBenchBaseline(baselineFile);
  const here = currentFingerprint();
  const plan = planBench({
    files: await discoverBenchFiles(ctx.rootDir, entry.dir, entry.files),
    repetitions: flags.repetitions ?? entry.repetitions,
    filter: flags.filter,
    against: flags.against,
    saving: Boolean(flags.save),
    stored,
    here,
    reachable: (commit) => commitExists(ctx.rootDir, commit),
  });
  const measurer = sidesMeasurer({
    plan,
    rootDir: ctx.rootDir,
    benchDir: entry.dir,
    only: entry.files,
    options: measureOptions(entry, flags, plan.repetitions, ctx),
  });
  const { pairOptions, judgeOptions } = gateSettings(entry, ctx, plan, relative(ctx.rootDir, baselineFile));
  const notes = [...plan.notes];
  try {
    const first = await measurer.first();
    // How the head was measured (e.g. the instruction clock fell back to the CPU clock: valgrind missing).
    notes.push(...first.head.notes);
    const storedBase: BaseFigures | undefined =
      plan.base.kind === 'stored'
        ? { kind: 'stored', label: 'baseline', baseline: plan.base.baseline, here }
        : undefined;
    const paired = pairUp(
      first.head,
      first.base ? { kind: 'measured', label: measurer.baseLabel ?? 'base', measurement: first.base } : storedBase,
      pairOptions,
    );
    const checks = [...paired.checks];
    let measuredBase = first.base !== undefined;
    const pairs = [...paired.pairs];
    if (paired.incomparable.length > 0) {
      // Stored figures from another machine (or a very different load) are never judged: measure their commit now if we can.
      const ids = new Set(paired.incomparable.map((x) => x.m.id));
      if (measurer.baseLabel && !plan.saving && !ctx.signal.aborted) {
        notes.push(
          `${ids.size} benchmark(s) not comparable with the stored figures (${[...new Set(paired.incomparable.flatMap((x) => x.differences))].join('; ')}): ${measurer.baseLabel} measured now, interleaved with the head`,
        );
        const again = await measurer.again(ids, first.head);
        measuredBase = true;
        const rerun = pairUp(
          again.head,
          { kind: 'measured', label: measurer.baseLabel, measurement: again.base! },
          pairOptions,
        );
        pairs.push(...rerun.pairs);
        checks.push(...rerun.checks);
      } else {
        notes.push(
          `${ids.size} benchmark(s) not comparable with the stored figures, which are not judged: ${[...new Set(paired.incomparable.flatMap((x) => x.differences))].join('; ')}`,
        );
        checks.push(...paired.incomparable.map((x) => notComparableCheck(x, 'baseline')));
      }
    }
    const judgements = judge(pairs, judgeOptions);
    const confirm = entry.confirm && !plan.saving;
    const confirmation = await confirmRegressions({
      judgements,
      head: first.head,
      remeasure: (ids, head) => measurer.again(ids, head),
      baseLabel: measurer.baseLabel,
      storedBase,
      pairOptions,
      judgeOptions,
      enabled: confirm,
      aborted: () => ctx.signal.aborted,
    });
    checks.push(
      ...confirmedChecks(judgements, confirmation, {
        saving: plan.saving,
        confirm,
        rerunBoth: measurer.baseLabel !== undefined,
      }),
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
      save: flags.save
        ? { file: baselineFile, against: flags.against, stored, partial: Boolean(plan.filter) }
        : undefined,
      history: {
        file: historyFile,
        append: Boolean(flags.history),
        limit: entry.historyLimit,
        location: entry.location,
      },
    });
    return benchReport({
      name: entry.name,
      dir: entry.dir,
      checks,
      notes: [...notes, ...persisted.notes],
      trend: persisted.trend,
      baseLabel: measuredBase ? measurer.baseLabel : storedBase ? 'baseline' : undefined,
      repetitions: plan.repetitions,
      threshold: entry.threshold,
      calibrationMs: persisted.calibrationMs,
      durationMs: performance.now() - t0,
    });
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
    metrics: { runs: c.runs.length, failed_runs: c.runs.filter((r) => r.confirmed.length).length },
  };
}

export default defineSuiteKind({
  kind: 'bench',
  description:
    'benchmark regression gate: instruction counts or repeated process-level timings, machine-aware baselines, Holm, confirmation re-run of both sides',
  entrySchema: benchEntrySchema,
  flagsSchema: benchFlagsSchema,
  run: runBench,
});
