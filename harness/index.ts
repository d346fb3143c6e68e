/**
 * gauntlet's public API: what a project's `gauntlet.config.ts`, suites and benchmarks import.
 */
export { defineConfig, type GauntletConfig } from './config/define-config.ts';
export { defineSuiteKind, noFlags, type SuiteKind, type SuiteContext, type ProgressEvent } from './core/suite-kind.ts';
export type { RunReport, SuiteReport, CheckResult, Verdict, Artifact } from './core/report.ts';
export {
  GauntletError,
  ConfigError,
  InputError,
  GoldenCaseError,
  BaselineError,
  UsageError,
  TimeoutError,
} from './core/errors.ts';
export { createRng, type Rng } from './core/rng.ts';
export { VirtualClock, realClock, type Clock } from './core/clock.ts';
export { runSuites } from './core/run-suites.ts';
// Each built-in kind's public exports (helpers for its config entries and data files).
export * from './canary/public.ts';
export * from './bench/public.ts';
export * from './stress/public.ts';
export * from './golden/public.ts';
export * from './drift/public.ts';
