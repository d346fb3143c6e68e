/**
 * gauntlet's public API: what a project's `gauntlet.config.ts`, suites and benchmarks import.
 */
export { defineConfig, type GauntletConfig } from './config/define-config.ts';
export type { SuiteKind, SuiteContext, SuiteEntryBase, RunFlags, ProgressEvent } from './core/suite-kind.ts';
export type { RunReport, SuiteReport, CheckResult, Verdict, Artifact } from './core/report.ts';
export { GauntletError, ConfigError, InputError, GoldenCaseError, BaselineError, UsageError, TimeoutError } from './core/errors.ts';
export { createRng, type Rng } from './core/rng.ts';
export { VirtualClock, realClock, type Clock } from './core/clock.ts';
export { registerSuiteKind } from './core/registry.ts';
export { runSuites } from './core/run-suites.ts';
// PUBLIC-API: one line per suite kind's public exports, e.g. export * from './golden/public.ts';
export * from './canary/public.ts';
export * from './bench/public.ts';
export * from './stress/public.ts';
export * from './golden/public.ts';
export * from './drift/public.ts';
