import type { ResolvedConfig, ResolvedSuite } from '../../config/load-config.ts';

/** A resolved config for driving `runSuites` in a test: seed 1, no reporters, a 60 s deadline. */
export function resolvedConfig(suites: ResolvedSuite[], extra: Partial<ResolvedConfig> = {}): ResolvedConfig {
  return {
    seed: 1,
    reportsDir: 'reports',
    reporters: [],
    runTimeoutMs: 60_000,
    missingBaseline: 'warn',
    failOn: 'fail',
    file: '/tmp/gauntlet.config.ts',
    rootDir: '/tmp',
    suites,
    ...extra,
  };
}
