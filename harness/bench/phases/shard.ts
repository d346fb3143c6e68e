/**
 * `--shard i/n` for bench: each shard measures a share of the bench files (a file's benchmarks,
 * all their repetitions and both sides of their comparison stay on one shard), balanced by the
 * files' durations in the last run when known. A shard does not know the whole suite's Holm family,
 * so it ships what the merge needs to judge every benchmark as one unsharded run would
 * (merge-shards.ts): the measured pairs, the checks that need no judgement, and the confirmation
 * re-runs of every benchmark the larger family could flag.
 */
import type { CheckResult, ShardPart, SuiteReport } from '../../core/report.ts';
import { unitsForShard, type ShardSpec } from '../../core/shard-plan.ts';
import type { HistoryEntry } from '../history.ts';
import type { Measurement } from '../measure.ts';
import { outcome, type Judgement, type Pair } from './compare.ts';
import type { BenchEntry } from '../options.ts';
import type { ComparedWithBase } from './compare-with-base.ts';
import type { JudgedAndConfirmed } from './confirm.ts';
import type { Measured, SidesMeasurer } from './measure-sides.ts';
import type { Persisted } from './persist.ts';
import type { ReportSummary } from './report.ts';
import type { Screened } from './same-round.ts';

/** The files one shard measures (all of them without `--shard`). */
export function benchFilesForShard(
  files: readonly string[],
  shard: (ShardSpec & { previous?: SuiteReport }) | undefined,
): { files: string[]; ran: number[]; balancedBy: ShardPart['balancedBy'] } {
  const plan = unitsForShard(files, shard, fileDurations(shard?.previous));
  return { files: plan.indices.map((i) => files[i]!), ran: plan.indices, balancedBy: plan.balancedBy };
}

/** Per bench file, the time its processes took in the last run (the sum of its checks' `durationMs`). */
export function fileDurations(previous: SuiteReport | undefined): Map<string, number> | undefined {
  if (!previous) return undefined;
  const out = new Map<string, number>();
  for (const c of previous.checks) {
    const file = c.location?.file;
    if (file && c.durationMs !== undefined) out.set(file, (out.get(file) ?? 0) + c.durationMs);
  }
  return out;
}

/** Add the wall time of these measurements' processes per file into `into`. */
export function addFileTimes(into: Map<string, number>, ...measured: Array<Measurement | undefined>): void {
  for (const m of measured) for (const [file, ms] of m?.fileMs ?? []) into.set(file, (into.get(file) ?? 0) + ms);
}

/** The measurer, adding each measurement's per-file times into `into`. */
export function withFileTimes(measurer: SidesMeasurer, into: Map<string, number>): SidesMeasurer {
  const counted = async (m: Promise<Measured>): Promise<Measured> => {
    const measured = await m;
    addFileTimes(into, measured.head, measured.base);
    return measured;
  };
  return {
    get baseLabel() {
      return measurer.baseLabel;
    },
    first: () => counted(measurer.first()),
    again: (ids, head, stage) => counted(measurer.again(ids, head, stage)),
    dispose: () => measurer.dispose(),
  };
}

/** Each check of a file gets an equal share of that file's time (so the next `--shard` can weigh the file). */
export function withFileDurations(checks: CheckResult[], fileMs: ReadonlyMap<string, number>): CheckResult[] {
  const perFile = new Map<string, number>();
  for (const c of checks) if (c.location?.file) perFile.set(c.location.file, (perFile.get(c.location.file) ?? 0) + 1);
  return checks.map((c) => {
    const ms = c.location?.file ? fileMs.get(c.location.file) : undefined;
    return ms === undefined ? c : { ...c, durationMs: ms / perFile.get(c.location!.file)! };
  });
}

/**
 * Whether a shard re-runs a judgement for confirmation: any Holm family over more benchmarks tests
 * at a level no larger than alpha, so a benchmark whose slowdown is beyond its tolerance and whose
 * unadjusted p-value is below 2 alpha (a margin for the bootstrap's Monte Carlo error) is a
 * candidate; instruction counts are judged alone, so their own verdict stands.
 */
export const mayRegressInFamily =
  (alpha: number) =>
  (j: Judgement): boolean =>
    j.clock === 'instructions'
      ? outcome(j).change === 'regressed'
      : j.evaluated.estimate.pSlower < 2 * alpha && j.evaluated.estimate.ratio > 1 + j.tolerance;

/** What a bench shard ships to `gauntlet report merge` (report `shardPart.data`). */
export interface BenchShardData {
  /** Every bench file of the suite, in order (the units). */
  files: string[];
  /** The run seed and the judge's settings: the merge judges with the same random stream. */
  seed: number;
  judge: { alpha: number; resamples: number; normalize: boolean; location: number };
  /** The pairs this shard judged: stage 0 first, then (stage 1) stored figures re-measured because they were not comparable. */
  pairs: Array<{ stage: 0 | 1; pair: Pair }>;
  /** Checks that need no judgement (load errors, new benchmarks, clock changes, not comparable). */
  checks: CheckResult[];
  /** Confirmation re-run pairs of every benchmark this shard re-measured. */
  reruns: Pair[];
  /** Wall-clock benchmarks whose stored figures did not pass the screen and were judged same-round (absent before session 7). */
  screened?: Screened[];
  /** The base they were judged against. */
  screenLabel?: string;
  confirm: { saving: boolean; confirm: boolean; rerunBoth: boolean };
  /** The report phase's input, less what the merge recomputes. */
  report: ReportSummary;
  trend: HistoryEntry[];
  /** The head's calibration figures with their clocks: per unit, their medians are the suite's `calibration_ms` and `calibration_instructions`. */
  cals: Array<{ cal: number; clock: string }>;
  fileMs: Record<string, number>;
}

/** What this shard ships: the suite's files, the judge's settings, and what the compare, confirm and persist phases found. */
export function benchShardData(
  entry: Pick<BenchEntry, 'alpha' | 'resamples' | 'normalize' | 'location'>,
  suite: { files: string[]; seed: number },
  run: {
    first: Pick<Measured, 'head'>;
    compared: Pick<ComparedWithBase, 'shipped' | 'checks' | 'sameRound' | 'measuredNow'>;
    confirmed: Pick<JudgedAndConfirmed, 'reruns' | 'options'>;
    summary: ReportSummary;
    persisted: Pick<Persisted, 'trend'>;
    fileMs: ReadonlyMap<string, number>;
  },
): BenchShardData {
  const { compared } = run;
  return {
    files: suite.files,
    seed: suite.seed,
    judge: { alpha: entry.alpha, resamples: entry.resamples, normalize: entry.normalize, location: entry.location },
    pairs: compared.shipped,
    reruns: run.confirmed.reruns,
    screened: compared.sameRound,
    screenLabel: compared.measuredNow,
    checks: compared.checks,
    confirm: run.confirmed.options,
    report: run.summary,
    trend: run.persisted.trend,
    cals: [...run.first.head.benches.values()].flatMap((m) => m.reps.map((r) => ({ cal: r.cal, clock: r.clock }))),
    fileMs: Object.fromEntries(run.fileMs),
  };
}

/** The shard part of a bench report. */
export function benchShardPart(
  shard: ShardSpec,
  share: ReturnType<typeof benchFilesForShard>,
  data: BenchShardData,
): ShardPart {
  return {
    index: shard.index,
    total: shard.total,
    units: data.files.length,
    ran: share.ran,
    balancedBy: share.balancedBy,
    data,
  };
}
