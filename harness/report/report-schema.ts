import { z } from 'zod';
import { REPORT_SCHEMA_VERSION, type RunReport } from '../core/report.ts';

/**
 * The run report as a zod schema: `reports/gauntlet.json` validates against it (documented in
 * docs/report-schema.md). Used at the boundary when a report file is read back (merge, comment,
 * summary). Loose objects: a newer minor producer may add fields; `schemaVersion` changes when a
 * field changes meaning or is removed.
 */
const verdict = z.enum(['pass', 'warn', 'fail', 'error']);
const metrics = z.record(z.string(), z.number());

export const artifactSchema = z.looseObject({
  name: z.string(),
  type: z.enum(['svg', 'text', 'json']),
  content: z.string(),
});

export const checkResultSchema = z.looseObject({
  name: z.string(),
  verdict,
  reasons: z.array(z.string()),
  durationMs: z.number().nonnegative().optional(),
  metrics: metrics.optional(),
  location: z.looseObject({ file: z.string(), line: z.number().int().positive().optional() }).optional(),
  details: z.unknown().optional(),
  change: z.enum(['improved', 'regressed', 'unchanged', 'new']).optional(),
});

export const suiteReportSchema = z.looseObject({
  kind: z.string().min(1),
  name: z.string().min(1),
  verdict,
  durationMs: z.number().nonnegative(),
  summary: z.string(),
  checks: z.array(checkResultSchema),
  metrics: metrics.optional(),
  artifacts: z.array(artifactSchema).optional(),
  notes: z.array(z.string()).optional(),
  shardPart: z
    .looseObject({
      index: z.number().int().positive(),
      total: z.number().int().positive(),
      units: z.number().int().nonnegative(),
      ran: z.array(z.number().int().nonnegative()),
      balancedBy: z.enum(['durations', 'counts']),
      data: z.unknown().optional(),
    })
    .optional(),
  inputError: z
    .looseObject({
      code: z.string(),
      message: z.string(),
      file: z.string().optional(),
      field: z.string().optional(),
      line: z.number().int().optional(),
    })
    .optional(),
});

const shard = z.looseObject({ index: z.number().int().positive(), total: z.number().int().positive() });
const runShard = shard.extend({ suites: z.array(z.string()).optional() });

export const runReportSchema = z.looseObject({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  tool: z.looseObject({ name: z.literal('gauntlet'), version: z.string() }),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  durationMs: z.number().nonnegative(),
  seed: z.number().int(),
  verdict,
  reasons: z.array(z.string()),
  environment: z.looseObject({
    node: z.string(),
    platform: z.string(),
    arch: z.string(),
    cpu: z.string(),
    ci: z.boolean(),
    gitCommit: z.string().optional(),
  }),
  shard: runShard.optional(),
  suites: z.array(suiteReportSchema),
  partial: z.boolean().optional(),
  trends: z
    .array(
      z.looseObject({
        kind: z.string(),
        suite: z.string(),
        check: z.string(),
        metric: z.string(),
        relativeChange: z.number(),
        before: z.number(),
        after: z.number(),
        runsSince: z.number().int().nonnegative(),
        commitsSince: z.number().int().nonnegative(),
        startDate: z.string(),
        startCommit: z.string().optional(),
        message: z.string(),
      }),
    )
    .optional(),
  merged: z
    .looseObject({
      shards: z.array(shard.extend({ durationMs: z.number().nonnegative() })),
      missing: z.array(z.number().int().positive()),
    })
    .optional(),
});

// A parsed report is a RunReport (checked by the compiler); the other direction is checked by the
// schema test, which parses fixtures and real run reports.
const _schemaFitsModel = (r: z.infer<typeof runReportSchema>): RunReport => r;
void _schemaFitsModel;
