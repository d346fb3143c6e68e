/** What the phases take from the suite entry, the command line and the run context: the plan's input, the measurement's options, the gate's settings (shared with `--calibrate`), the persist phase's input. */
import { missingBaselineCheck, savesThisRun } from '../../baselines/policy.ts';
import { createRng } from '../../core/rng.ts';
import type { SuiteContext } from '../../core/suite-kind.ts';
import { gitCommit } from '../../core/environment.ts';
import type { CheckResult } from '../../core/report.ts';
import type { BenchBaseline } from '../baseline.ts';
import type { Fingerprint } from '../fingerprint.ts';
import type { Measurement, MeasureOptions } from '../measure.ts';
import { commitExists } from '../worktree.ts';
import type { BenchEntry, BenchFlags } from '../options.ts';
import { withCalibration, type judge, type PairOptions } from './compare.ts';
import type { PersistInput } from './persist.ts';
import type { BenchPlan, PlanInput } from './plan.ts';

export function measureOptions(
  entry: BenchEntry,
  flags: BenchFlags,
  repetitions: number,
  ctx: SuiteContext<BenchFlags>,
): Omit<MeasureOptions, 'select' | 'names'> {
  return {
    benchDir: entry.dir,
    repetitions,
    countedRepetitions: flags.repetitions ?? entry.instructionRepetitions,
    defaults: {
      time: flags.time ?? entry.time,
      warmupTime: entry.warmupTime,
      iterations: entry.iterations,
      clock: entry.clock,
    },
    calibrationTime: entry.calibrationTime,
    timeoutMs: entry.timeoutMs,
    cacheSim: entry.cacheSim,
    signal: ctx.signal,
    quiet: ctx.quiet,
    onProgress: (done, total, label) => ctx.progress({ done, total, label }),
  };
}

export interface GateSettings {
  pairOptions: PairOptions;
  judgeOptions: Parameters<typeof judge>[1];
  /** The wall-clock screen's: the gate's, with its own bootstrap stream (same-round.ts), apart from the gate's. */
  screenOptions: Parameters<typeof judge>[1];
}

export function gateSettings(
  entry: BenchEntry,
  ctx: SuiteContext<BenchFlags>,
  plan: Pick<BenchPlan, 'saving'>,
  baselineFile: string,
): GateSettings {
  const judgeOptions = {
    alpha: entry.alpha,
    resamples: entry.resamples,
    normalize: entry.normalize,
    location: entry.location,
    random: createRng(ctx.seedOverride ?? ctx.seed).float,
  };
  return {
    pairOptions: {
      threshold: entry.threshold,
      tolerance: entry.tolerance,
      instructionTolerance: entry.instructionTolerance,
      normalized: entry.normalize,
      missing: (m, label) => {
        const c = missingBaselineCheck({
          name: m.id,
          file: baselineFile,
          policy: ctx.missingBaseline,
          saving: plan.saving,
          saveCommand: 'gauntlet bench --save',
        });
        return label && c.verdict !== 'pass' ? { ...c, reasons: [`not in ${label}: nothing to compare with`] } : c;
      },
    },
    judgeOptions,
    screenOptions: { ...judgeOptions, random: createRng((ctx.seedOverride ?? ctx.seed) + 0x5c).float },
  };
}

/** What the plan phase takes from the suite entry, the command line and the run context, for these files. */
export function planInput(
  entry: BenchEntry,
  ctx: SuiteContext<BenchFlags>,
  run: Pick<PlanInput, 'files' | 'stored' | 'here'>,
): PlanInput {
  const flags = ctx.flags;
  return {
    ...run,
    repetitions: flags.repetitions ?? entry.repetitions,
    filter: flags.filter,
    against: flags.against,
    // `--save` in CI is refused (persist.ts says so in a note): the run gates like any other.
    saving: savesThisRun({ save: flags.save, ci: ctx.ci }),
    reachable: (commit) => commitExists(ctx.rootDir, commit),
  };
}

/** The persist phase's input: the settings, and this run's head, fingerprint, commit, date and state, taken now. */
export function persistInput(
  entry: BenchEntry,
  ctx: SuiteContext<BenchFlags>,
  run: {
    baselineFile: string;
    historyFile: string;
    stored?: BenchBaseline;
    plan: Pick<BenchPlan, 'filter'>;
    here: Fingerprint;
    head: Measurement;
    checks: readonly CheckResult[];
  },
): PersistInput {
  const flags = ctx.flags;
  return {
    rootDir: ctx.rootDir,
    head: run.head,
    fingerprint: withCalibration(run.here, run.head),
    gitCommit: gitCommit(ctx.rootDir),
    date: new Date().toISOString(),
    ci: ctx.ci,
    aborted: ctx.signal.aborted,
    anyError: run.checks.some((c) => c.verdict === 'error'),
    // A shard stores its own files' figures and keeps the others (like a -t run).
    save: flags.save
      ? {
          file: run.baselineFile,
          against: flags.against,
          stored: run.stored,
          partial: Boolean(run.plan.filter || ctx.shard),
        }
      : undefined,
    history: {
      store: ctx.history,
      suite: entry.name,
      legacyFile: run.historyFile,
      limit: entry.historyLimit,
      location: entry.location,
    },
  };
}
