import type { z } from 'zod';
import type { SuiteReport } from './report.ts';

/** Flags from the command line that a suite kind may act on. */
export interface RunFlags {
  /** golden: write proposals next to the cases. */
  update?: boolean;
  /** golden: apply the proposals. */
  accept?: boolean;
  /** bench / stress: store the results as the new baseline. */
  save?: boolean;
  /** Anything else a kind's own command passes through. */
  [name: string]: unknown;
}

export interface ProgressEvent {
  suite: string;
  done: number;
  total: number;
  /** What is being worked on now ("case 12/60", "day 14"). */
  label?: string;
}

/** What a suite runner gets from the engine. Runners return a report; they never print or exit. */
export interface SuiteContext {
  /** Directory of the config file; relative paths in suite entries resolve from here. */
  rootDir: string;
  reportsDir: string;
  /** The run's seed (config `seed`, or `--seed`). */
  seed: number;
  /** Set when `--seed` was given: it overrides every seed, including per-case seeds. */
  seedOverride?: number;
  /** True under CI=true: nothing is ever written to cases or baselines. */
  ci: boolean;
  /** Aborted when the global run deadline passes or the user interrupts. */
  signal: AbortSignal;
  flags: RunFlags;
  /** A stored baseline that is missing is a warning or an error, by policy. */
  missingBaseline: 'warn' | 'error';
  /** Config `allowOutsidePaths`: paths from entries and data files may leave rootDir. Resolve them with `resolveInside`. */
  allowOutsidePaths?: boolean;
  progress(event: Omit<ProgressEvent, 'suite'>): void;
}

export interface SuiteEntryBase {
  kind: string;
  name: string;
}

/**
 * A suite kind plugs into the engine with a schema for its entry in `gauntlet.config.ts` and a
 * runner. Adding a kind touches only its own folder and one line of `registry.ts`.
 */
export interface SuiteKind<E extends SuiteEntryBase = SuiteEntryBase> {
  kind: string;
  /** One line for `--help`. */
  description: string;
  /** Validates one entry of `suites` whose `kind` is this kind (must be a strict object). */
  schema: z.ZodType<E>;
  run(entry: E, ctx: SuiteContext): Promise<SuiteReport>;
}
