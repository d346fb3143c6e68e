import { z } from 'zod';

export const DEFAULT_CASE_TIMEOUT_MS = 5_000;

/**
 * Where the selection function lives. Cases run in worker threads (so a selection that never
 * returns can be cut by terminating its worker), and a function value cannot cross a thread: the
 * suite entry names a module and an export instead, which each worker imports.
 */
export const selectorSpecSchema = z.strictObject({
  /** Module path, relative to the config file's directory (TypeScript is fine: workers load it through tsx). */
  module: z.string().min(1),
  /** Named export of the selection function; default `select`. */
  export: z.string().min(1).optional(),
  /** Named export of a zod schema (anything with `safeParse`) that validates the config after a case's overrides. */
  configSchema: z.string().min(1).optional(),
});
export type SelectorSpec = z.output<typeof selectorSpecSchema>;

/** A `golden` entry of `gauntlet.config.ts`. */
export const goldenEntrySchema = z.strictObject({
  kind: z.literal('golden'),
  name: z.string().min(1),
  /** Case directory, relative to the config file. */
  dir: z.string().min(1).default('suites/golden'),
  /** The selection function: a module and its export, which each worker thread imports. */
  selector: selectorSpecSchema,
  /** Base config file handed to the selector (each case's `config` overrides it). */
  selectorConfig: z.string().min(1).optional(),
  /** A case that does not answer within this many ms is cut (its worker is terminated). */
  timeoutMs: z.number().int().positive().default(DEFAULT_CASE_TIMEOUT_MS),
  /** Worker threads running cases in parallel; default min(4, available cores). */
  concurrency: z.number().int().positive().optional(),
  /** A vitest json-summary of the selection code's coverage, shown in the report when present. */
  coverageSummary: z.string().min(1).optional(),
  /** Extra timed calls per case for the latency figure: at most this many calls in all... */
  latencyCalls: z.number().int().min(1).default(5),
  /** ...within this many ms. */
  latencyBudgetMs: z.number().min(0).default(5),
});
export type GoldenEntry = z.output<typeof goldenEntrySchema>;

/** `gauntlet golden --update / --accept`. */
export const goldenFlagsSchema = z.object({
  /** Write proposals next to the cases. */
  update: z.boolean().optional(),
  /** Apply the proposals. */
  accept: z.boolean().optional(),
});
export type GoldenFlags = z.output<typeof goldenFlagsSchema>;
