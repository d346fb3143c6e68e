import { join } from 'node:path';
import type { SuiteContext } from '../suite-kind.ts';

/** A SuiteContext for calling a kind's runner directly in a test: seed 1, no flags, silent progress. */
export function suiteContextFor(root: string, overrides: Partial<SuiteContext> = {}): SuiteContext {
  return {
    rootDir: root,
    reportsDir: join(root, 'reports'),
    seed: 1,
    ci: false,
    signal: new AbortController().signal,
    flags: {},
    missingBaseline: 'warn',
    progress: () => {},
    ...overrides,
  };
}
