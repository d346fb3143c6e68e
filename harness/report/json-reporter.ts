import { join } from 'node:path';
import { writeJsonAtomic } from '../io/atomic-write.ts';
import type { Reporter } from './reporter.ts';

export const REPORT_FILE = 'gauntlet.json';

/** `reports/gauntlet.json`: the run report itself (schema: docs/report-schema.md). */
export const jsonReporter: Reporter = {
  name: 'json',
  async onRunEnd(report, ctx) {
    await writeJsonAtomic(join(ctx.reportsDir, REPORT_FILE), report);
  },
};
