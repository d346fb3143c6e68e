import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic-write.ts';
import { renderJunitXml } from './junit-xml.ts';
import type { Reporter } from './reporter.ts';

export const JUNIT_FILE = 'junit.xml';

/** `reports/junit.xml` for CI tools that read JUnit XML. */
export const junitReporter: Reporter = {
  name: 'junit',
  async onRunEnd(report, ctx) {
    await writeFileAtomic(join(ctx.reportsDir, JUNIT_FILE), renderJunitXml(report));
  },
};
