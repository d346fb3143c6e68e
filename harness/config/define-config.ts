import type { SuiteEntryBase } from '../core/suite-kind.ts';

export interface GauntletConfig {
  /** Seed for every seeded choice that has none of its own. Default 1. */
  seed?: number;
  /** Where reports go, relative to the config file. Default `reports`. */
  reportsDir?: string;
  /** Reporter names, in order. Default: all that write files or print: console, json, junit, mochawesome, github. */
  reporters?: string[];
  /** Global run deadline; the run ends and writes a partial report. Default 12 minutes. */
  runTimeoutMs?: number;
  /** What a missing stored baseline means. Default `warn`. */
  missingBaseline?: 'warn' | 'error';
  /** Which kind of run fails: `fail` (default) or `warn` too. */
  failOn?: 'fail' | 'warn';
  /** Let suite entries and data files name paths outside the project (`..`, absolute). Default false (SECURITY.md). */
  allowOutsidePaths?: boolean;
  /** The suites this project runs, each validated by its kind's schema. */
  suites: Array<SuiteEntryBase & Record<string, unknown>>;
}

/** Typed identity, for `export default defineConfig({...})` in `gauntlet.config.ts`. */
export function defineConfig<T extends GauntletConfig>(config: T): T {
  return config;
}
