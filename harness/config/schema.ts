import { z } from 'zod';
import type { AnySuiteKind } from '../core/suite-kind.ts';

export const DEFAULT_RUN_TIMEOUT_MS = 12 * 60_000;

/** A user-defined suite kind in the config's `kinds` (made with `defineSuiteKind`). */
const suiteKindValue = z.custom<AnySuiteKind>(
  (v) =>
    typeof v === 'object' &&
    v !== null &&
    typeof (v as AnySuiteKind).kind === 'string' &&
    typeof (v as AnySuiteKind).run === 'function' &&
    typeof (v as AnySuiteKind).entrySchema?.safeParse === 'function',
  { message: 'expected a suite kind made with defineSuiteKind({ kind, description, entrySchema, flagsSchema, run })' },
);

/** The `history` config key; every field has a default. */
export const historyConfigSchema = z.strictObject({
  /** Append every local run to the history store (in CI only `--history` or `gauntlet history record` writes). */
  enabled: z.boolean().default(true),
  /** The SQLite file, relative to the config file. */
  file: z.string().min(1).default('.gauntlet/history.sqlite'),
  /** Runs older than this many days are deleted when a run is appended. */
  retentionDays: z.number().positive().default(180),
  /** At most this many runs are kept. */
  maxRuns: z.number().int().positive().default(5000),
  /** The branch whose history is watched for level shifts. */
  branch: z.string().min(1).default('main'),
  /** Change-point settings (docs/calibration/change-points.md). */
  changePoints: z
    .strictObject({
      /** PELT penalty: this x the series' noise variance x log(points); higher finds fewer shifts. */
      penaltyFactor: z.number().positive().default(6),
      /** Fewest runs in a segment between change points. */
      minSize: z.number().int().min(2).default(4),
      /** Only a shift that starts within the last this many runs is reported. */
      window: z.number().int().positive().default(30),
      /** Only a shift of at least this relative size is reported (0.02 = 2%). */
      minRelativeChange: z.number().min(0).default(0.02),
      /** How many of the newest runs of each metric are searched. */
      lookback: z.number().int().positive().default(200),
    })
    .prefault({}),
});

/** Top-level keys of `gauntlet.config.ts`. Suite entries are validated by their kind's entry schema. */
export const configSchema = z.strictObject({
  /** Seed for every seeded choice that has none of its own. */
  seed: z.number().int().default(1),
  /** Where reports go, relative to the config file. */
  reportsDir: z.string().min(1).default('reports'),
  /** Reporter names, in order. */
  reporters: z.array(z.string().min(1)).default(['console', 'json', 'junit', 'mochawesome', 'github']),
  /** Global run deadline: the run ends and writes a partial report. */
  runTimeoutMs: z.number().int().positive().default(DEFAULT_RUN_TIMEOUT_MS),
  /**
   * Run suites that measure no time (`measuresTime: false`: drift, canaries on simulated
   * traffic) beside other suites' untimed work (bench's counted processes), never beside a measurement. `false` runs every suite alone (like `--serial`).
   */
  overlap: z.boolean().optional(),
  /** What a missing stored baseline means for bench and stress suites. */
  missingBaseline: z.enum(['warn', 'error']).default('warn'),
  /** Which kind of run fails: `fail` only, or `warn` too. */
  failOn: z.enum(['fail', 'warn']).default('fail'),
  /** Let suite entries and data files name paths outside the project (`..`, absolute). See SECURITY.md. */
  allowOutsidePaths: z.boolean().optional(),
  /** Suite kinds of your own, beside the built-in ones (`defineSuiteKind`). */
  kinds: z.array(suiteKindValue).default([]),
  /** The run history (docs/guide/history.md): where it is kept, for how long, and how level shifts are found. */
  history: historyConfigSchema.optional(),
  /** The suites this project runs, each validated by its kind's entry schema. */
  suites: z.array(z.looseObject({ kind: z.string().min(1), name: z.string().min(1) })),
});

/** A function value in a config entry (planner, client factory...). */
export const fn = <T extends (...args: any[]) => unknown>(what = 'a function') =>
  z.custom<T>((v) => typeof v === 'function', { message: `expected ${what}` });
