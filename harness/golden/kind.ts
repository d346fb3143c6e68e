import { defineSuiteKind } from '../core/suite-kind.ts';
import { goldenEntrySchema, goldenFlagsSchema } from './entry-schema.ts';
import { mergeGoldenShards } from './golden-report.ts';
import { runGolden } from './run-golden.ts';

/** Golden selection suites: deterministic cases with ranking-aware diffs and a review-and-accept workflow. */
export default defineSuiteKind({
  kind: 'golden',
  description: 'golden selection cases (YAML/JSON) with ranking-aware diffs and an update/accept workflow',
  entrySchema: goldenEntrySchema,
  flagsSchema: goldenFlagsSchema,
  run: runGolden,
  mergeShards: mergeGoldenShards,
});
