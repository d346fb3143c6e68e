/** The gate's settings from the suite entry, the command line and the run context, shared by the gate and `--calibrate`. */
import { missingBaselineCheck } from '../../baselines/policy.ts';
import { createRng } from '../../core/rng.ts';
import type { SuiteContext } from '../../core/suite-kind.ts';
import type { MeasureOptions } from '../measure.ts';
import type { BenchEntry, BenchFlags } from '../options.ts';
import type { judge, PairOptions } from './compare.ts';
import type { BenchPlan } from './plan.ts';

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

export function gateSettings(
  entry: BenchEntry,
  ctx: SuiteContext<BenchFlags>,
  plan: Pick<BenchPlan, 'saving'>,
  baselineFile: string,
): { pairOptions: PairOptions; judgeOptions: Parameters<typeof judge>[1] } {
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
    judgeOptions: {
      alpha: entry.alpha,
      resamples: entry.resamples,
      normalize: entry.normalize,
      location: entry.location,
      random: createRng(ctx.seedOverride ?? ctx.seed).float,
    },
  };
}
