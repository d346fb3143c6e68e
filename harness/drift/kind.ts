import { defineSuiteKind } from '../core/suite-kind.ts';
import { driftEntrySchema } from './entry-schema.ts';
import { mergeDriftShards } from './drift-shards.ts';
import { runDriftSuite } from './run-drift-suite.ts';

export { driftEntrySchema, type DriftEntry } from './entry-schema.ts';

export default defineSuiteKind({
  kind: 'drift',
  description:
    'simulated days on a virtual clock: drift detectors against a known ground truth, an autopilot within its bounds, alert rules',
  entrySchema: driftEntrySchema,
  run: runDriftSuite,
  // A virtual clock: its verdicts do not depend on wall time or contention, so it runs beside others' untimed work.
  measuresTime: false,
  mergeShards: mergeDriftShards,
});
