/**
 * The one run model, as zod schemas: a run produces a RunReport (suite -> checks -> metrics,
 * verdict, reasons); reporters only format it and never recompute a number. The TypeScript types
 * in report.ts are inferred from these schemas, and `reports/gauntlet.json` is validated against
 * them when read back (merge, comment, summary). Everything is plain JSON. Unknown fields of a
 * report from a newer minor version are dropped on read; `schemaVersion` changes when a field
 * changes meaning or is removed (docs/report-schema.md).
 */
import { z } from 'zod';

export const REPORT_SCHEMA_VERSION = 1;

/** pass: fine. warn: worth a look, does not fail the run. fail: a check failed or regressed. error: could not be judged (threw, timed out, bad input). */
export const verdictSchema = z.enum(['pass', 'warn', 'fail', 'error']);

/** Named figures (latency_p95_ms, kendall_tau, ...). Numbers only: reporters format them. */
const metrics = z.record(z.string(), z.number());

export const sourceLocationSchema = z.object({ file: z.string(), line: z.number().int().positive().optional() });

/** A chart or other attachment a suite produced; reporters decide how (or whether) to show it. */
export const artifactSchema = z.object({
  name: z.string(),
  /** 'svg' content is an SVG document; 'text' plain text; 'json' a JSON string. */
  type: z.enum(['svg', 'text', 'json']),
  content: z.string(),
});

export const checkResultSchema = z.object({
  /** Unique within its suite. */
  name: z.string(),
  verdict: verdictSchema,
  /** Why, in words; empty on a plain pass. */
  reasons: z.array(z.string()),
  durationMs: z.number().nonnegative().optional(),
  metrics: metrics.optional(),
  /** Where the thing checked is defined, for annotations. */
  location: sourceLocationSchema.optional(),
  /** Kind-specific structured detail (a ranking diff, a breaker timeline...), serialisable. */
  details: z.unknown().optional(),
  /** Compared to the stored baseline: improved, regressed or unchanged. */
  change: z.enum(['improved', 'regressed', 'unchanged', 'new']).optional(),
});

/**
 * Set when a suite report is one shard's share of a suite that splits its work (`--shard i/n`):
 * which units (cases, scenario x seed pairs, files) of how many it ran. `gauntlet report merge`
 * joins the parts with the kind's `mergeShards` and checks that every unit ran exactly once.
 */
export const shardPartSchema = z.object({
  index: z.number().int().positive(),
  total: z.number().int().positive(),
  /** How many units the whole suite has. */
  units: z.number().int().nonnegative(),
  /** The units this shard ran (indices into the suite's units, in order). */
  ran: z.array(z.number().int().nonnegative()),
  /** Whether the last run's durations or plain counts balanced the split. */
  balancedBy: z.enum(['durations', 'counts']),
  /** Kind-specific raw results the merge needs to recompute the suite's figures (serialisable). */
  data: z.unknown().optional(),
});

export const suiteReportSchema = z.object({
  kind: z.string().min(1),
  name: z.string().min(1),
  verdict: verdictSchema,
  durationMs: z.number().nonnegative(),
  /** One line for tables: "58/60 cases pass", "2 regressions". */
  summary: z.string(),
  checks: z.array(checkResultSchema),
  metrics: metrics.optional(),
  artifacts: z.array(artifactSchema).optional(),
  /** Things the reader should know that are not checks: which Redis ran, machine mismatch, coverage... */
  notes: z.array(z.string()).optional(),
  shardPart: shardPartSchema.optional(),
  /** Set when the suite could not run because its input is invalid (drives exit code 2). */
  inputError: z
    .object({
      code: z.string(),
      message: z.string(),
      file: z.string().optional(),
      field: z.string().optional(),
      line: z.number().int().optional(),
    })
    .optional(),
});

/** A level shift in a metric's history on the watched branch (change points over the history store). */
export const trendSchema = z.object({
  kind: z.string(),
  suite: z.string(),
  /** '' for a suite-level metric. */
  check: z.string(),
  metric: z.string(),
  /** after / before - 1. */
  relativeChange: z.number(),
  before: z.number(),
  after: z.number(),
  /** Runs (and distinct commits) at the new level. */
  runsSince: z.number().int().nonnegative(),
  commitsSince: z.number().int().nonnegative(),
  startDate: z.string(),
  startCommit: z.string().optional(),
  /** "select 10,000 median_ms got 9% slower across the last 12 commits, starting at 1a2b3c4". */
  message: z.string(),
});

const shard = z.object({ index: z.number().int().positive(), total: z.number().int().positive() });

/** A suite named in a partial report. */
export const suiteRefSchema = z.object({ kind: z.string(), name: z.string() });

/**
 * Why a run ended early and what it left out. `deadline`: `runTimeoutMs` passed. `interrupted`:
 * SIGINT or SIGTERM. `crashed`: the process running the suites died (a suite called process.exit,
 * ran out of memory...).
 */
export const runPartialSchema = z.object({
  reason: z.enum(['deadline', 'interrupted', 'crashed']),
  /** Selected suites that never started. */
  skipped: z.array(suiteRefSchema),
  /** Suites that had started and were stopped (a killed one has an `error` report whose summary starts `stopped:`). */
  cutShort: z.array(suiteRefSchema),
});

export const runReportSchema = z.object({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  tool: z.object({ name: z.literal('gauntlet'), version: z.string() }),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  durationMs: z.number().nonnegative(),
  seed: z.number().int(),
  verdict: verdictSchema,
  reasons: z.array(z.string()),
  environment: z.object({
    node: z.string(),
    platform: z.string(),
    arch: z.string(),
    cpu: z.string(),
    ci: z.boolean(),
    gitCommit: z.string().optional(),
  }),
  /** Set on a shard's report; `suites` lists every selected suite (kind/name) in config order, for the merge. */
  shard: shard.extend({ suites: z.array(z.string()).optional() }).optional(),
  suites: z.array(suiteReportSchema),
  /** Set when the run was cut short; `suites` holds the suites that ended. */
  partial: runPartialSchema.optional(),
  /** Level shifts in the history of this run's metrics (set by the CLI's history step when a history store exists). */
  trends: z.array(trendSchema).optional(),
  /** Set on a report merged from shard reports (`gauntlet report merge`): which shards it holds. */
  merged: z
    .object({
      shards: z.array(shard.extend({ durationMs: z.number().nonnegative() })),
      missing: z.array(z.number().int().positive()),
    })
    .optional(),
});
