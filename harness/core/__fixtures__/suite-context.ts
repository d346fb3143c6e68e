import { join } from 'node:path';
import { resolveInside } from '../../io/safe-path.ts';
import type { SuiteContext } from '../suite-kind.ts';

/** A SuiteContext for calling a kind's runner directly in a test: seed 1, no flags, silent progress. */
export function suiteContextFor<F extends object = Record<string, never>>(root: string, overrides: Partial<SuiteContext<F>> = {}): SuiteContext<F> {
  return {
    rootDir: root,
    reportsDir: join(root, 'reports'),
    seed: 1,
    ci: false,
    signal: new AbortController().signal,
    flags: {} as F,
    missingBaseline: 'warn',
    resolvePath: (path, field) => resolveInside(root, path, { allowOutside: overrides.allowOutsidePaths, location: { file: path, field } }),
    progress: () => {},
    quiet: (fn) => fn(),
    ...overrides,
  };
}
