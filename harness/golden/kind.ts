import { z } from 'zod';
import type { SuiteKind } from '../core/suite-kind.ts';
import { DEFAULT_CASE_TIMEOUT_MS, runGolden, type GoldenEntry } from './run-golden.ts';

const entrySchema = z.strictObject({
  kind: z.literal('golden'),
  name: z.string().min(1),
  dir: z.string().min(1).default('suites/golden'),
  selector: z.strictObject({
    module: z.string().min(1),
    export: z.string().min(1).optional(),
    configSchema: z.string().min(1).optional(),
  }),
  selectorConfig: z.string().min(1).optional(),
  timeoutMs: z.number().int().positive().default(DEFAULT_CASE_TIMEOUT_MS),
  concurrency: z.number().int().positive().optional(),
  coverageSummary: z.string().min(1).optional(),
  latencyCalls: z.number().int().min(1).default(5),
  latencyBudgetMs: z.number().min(0).default(5),
});

/** Golden selection suites: deterministic cases with ranking-aware diffs and a review-and-accept workflow. */
const goldenKind: SuiteKind<GoldenEntry> = {
  kind: 'golden',
  description: 'golden selection cases (YAML/JSON) with ranking-aware diffs and an update/accept workflow',
  schema: entrySchema as z.ZodType<GoldenEntry>,
  run: runGolden,
};

export default goldenKind;
