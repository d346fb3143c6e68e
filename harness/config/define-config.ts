import type { z } from 'zod';
import type { BuiltInSuiteEntry } from '../core/built-in-kinds.ts';
import type { AnySuiteKind } from '../core/suite-kind.ts';
import type { configSchema } from './schema.ts';

/**
 * What `gauntlet.config.ts` exports, as a user writes it: every top-level key of the config schema,
 * with `suites` typed as the union of the built-in kinds' entries and those of the kinds in `kinds`,
 * so the editor completes each kind's keys and a wrong key is a type error.
 */
export type GauntletConfig<K extends readonly AnySuiteKind[] = []> = Omit<
  z.input<typeof configSchema>,
  'suites' | 'kinds'
> & {
  kinds?: K;
  suites: Array<BuiltInSuiteEntry | z.input<K[number]['entrySchema']>>;
};

/** Typed identity, for `export default defineConfig({...})` in `gauntlet.config.ts`. */
export function defineConfig<const K extends readonly AnySuiteKind[] = []>(
  config: GauntletConfig<K>,
): GauntletConfig<K> {
  return config;
}
