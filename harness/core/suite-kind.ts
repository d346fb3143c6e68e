import { z } from 'zod';
import type { SuiteReport } from './report.ts';

export interface ProgressEvent {
  suite: string;
  done: number;
  total: number;
  /** What is being worked on now ("case 12/60", "day 14"). */
  label?: string;
}

/** One stored value of a metric in the run history. */
export interface RunHistoryPoint {
  date: string;
  commit?: string;
  value: number;
}

/** The run history (docs/guide/history.md), read-only, for a kind that draws trends. */
export interface RunHistory {
  /** The newest `last` values of one series (every branch and machine), oldest first; [] when not stored. */
  points(series: { kind: string; suite: string; check: string; metric: string }, last: number): RunHistoryPoint[];
}

/** What a suite runner gets from the engine. Runners return a report; they never print or exit. */
export interface SuiteContext<F = Record<string, never>> {
  /** Directory of the config file; relative paths in suite entries resolve from here. */
  rootDir: string;
  reportsDir: string;
  /** The run's seed (config `seed`, or `--seed`). */
  seed: number;
  /** Set when `--seed` was given: it overrides every seed, including per-case seeds. */
  seedOverride?: number;
  /** True under CI=true: nothing is ever written to cases or baselines. */
  ci: boolean;
  /** Aborted when the global run deadline passes or the user interrupts. */
  signal: AbortSignal;
  /** The command-line options this kind declared in its `flagsSchema`, validated. */
  flags: F;
  /** A stored baseline that is missing is a warning or an error, by policy (harness/baselines/policy.ts). */
  missingBaseline: 'warn' | 'error';
  /** Config `allowOutsidePaths`: paths from entries and data files may leave rootDir. */
  allowOutsidePaths?: boolean;
  /**
   * Resolve a path from the suite entry against rootDir. It must stay inside the project unless the
   * config sets `allowOutsidePaths` (SECURITY.md); otherwise an InputError naming `field` (exit code 2).
   */
  resolvePath(path: string, field: string): string;
  /**
   * Set with `--shard i/n` for a kind that splits its own work (one with `mergeShards`): run only
   * shard `index` of `total` (plan with `unitsForShard` in core/shard-plan.ts) and return a report with
   * `shardPart`. `previous` is this suite's report from the last unsharded or merged run (in the
   * reports directory), or its durations kept in the history store (core/shard-timings.ts: checks with
   * `name`, `durationMs`, `location.file`, `details.seeds` only): they balance the split.
   */
  shard?: { index: number; total: number; previous?: SuiteReport };
  /** The history store of earlier runs (config `history.file`), when one exists and better-sqlite3 is installed. */
  history?: RunHistory;
  progress(event: Omit<ProgressEvent, 'suite'>): void;
  /**
   * Run `fn` as a stretch that measures time: it waits for the other suites' untimed work to finish
   * (suites holding a shared lease) and keeps new suites from starting; work another suite starts after
   * asking for its own stretch is not held back. For a kind with `measuresTime: 'in-quiet-stretches'`
   * (an untimed kind may call it too); one suite's concurrent calls run one after another. In a serial
   * run, or in a suite that runs alone, it just runs `fn`.
   */
  quiet<T>(fn: () => Promise<T>): Promise<T>;
}

/**
 * Whether a kind's verdicts depend on wall time or CPU contention, which decides what the run engine
 * may run beside it (docs/guide/writing-a-kind.md, "Timing"):
 * - `true` (the default): the suite runs alone;
 * - `false`: it measures no time (a virtual clock, counted work, generous timeouts only): it runs beside
 *   other suites' untimed work;
 * - `'in-quiet-stretches'`: it measures time only inside `ctx.quiet(fn)`; the rest of it runs beside untimed suites.
 */
export type MeasuresTime = boolean | 'in-quiet-stretches';

/** What every entry schema must accept: a strict object with a literal `kind` and a `name`. */
export type EntrySchema<K extends string = string> = z.ZodType<{ kind: K; name: string }, { kind: K; name: string }>;

/**
 * A suite kind: the schema of its entry in `gauntlet.config.ts`, the schema of the command-line
 * options it acts on, and a runner. Types flow from the two schemas; nothing is written twice.
 */
export interface SuiteKind<
  K extends string = string,
  E extends EntrySchema<K> = EntrySchema<K>,
  F extends z.ZodType = z.ZodType,
> {
  kind: K;
  /** One line: what a suite of this kind checks (`gauntlet run --list` shows it beside each suite). */
  description: string;
  /** Validates one entry of `suites` whose `kind` is this kind (a strict object: unknown keys are errors). */
  entrySchema: E;
  /** Validates the command-line flags this kind reads (a non-strict object: other kinds' flags are dropped). */
  flagsSchema: F;
  run(entry: z.output<E>, ctx: SuiteContext<z.output<F>>): Promise<SuiteReport>;
  /**
   * Whether its verdicts depend on time or contention (default `true`: runs alone), for every suite of
   * the kind or per suite as a function of its parsed entry (canary: simulated traffic measures no
   * time, real requests do). See {@link MeasuresTime}.
   */
  measuresTime?: MeasuresTime | ((entry: z.output<E>) => MeasuresTime);
  /**
   * For a kind that splits its work under `--shard i/n`: join the shards' parts of one suite (each
   * with `shardPart`, in shard order, every unit present once) into the report one unsharded run
   * gives. Kinds without it run whole, each suite on one shard.
   */
  mergeShards?(parts: SuiteReport[]): SuiteReport;
}

/** Whether one suite measures time: its kind's `measuresTime`, asked of its entry when it is a function (default `true`). */
export function suiteMeasuresTime(suite: { definition: AnySuiteKind; entry: unknown }): MeasuresTime {
  const m = suite.definition.measuresTime;
  return (typeof m === 'function' ? m(suite.entry) : m) ?? true;
}

/** A kind whose entry and flag types are not known here (the engine, the config loader). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnySuiteKind = SuiteKind<string, any, any>;

/** A kind with no command-line options of its own. */
export const noFlags = z.object({});

/**
 * Define a suite kind. `run` receives the entry as the entry schema outputs it (defaults applied)
 * and `ctx.flags` as the flags schema outputs it.
 */
export function defineSuiteKind<const K extends string, E extends EntrySchema<K>, F extends z.ZodType = typeof noFlags>(
  definition: Omit<SuiteKind<K, E, F>, 'flagsSchema'> & { flagsSchema?: F },
): SuiteKind<K, E, F> {
  return { ...definition, flagsSchema: (definition.flagsSchema ?? noFlags) as F };
}
