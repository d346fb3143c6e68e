import type { z } from 'zod';
import type { AnySuiteKind } from './suite-kind.ts';

type BenchKind = (typeof import('../bench/kind.ts'))['default'];
type StressKind = (typeof import('../stress/kind.ts'))['default'];
type GoldenKind = (typeof import('../golden/kind.ts'))['default'];
type CanaryKind = (typeof import('../canary/kind.ts'))['default'];
type DriftKind = (typeof import('../drift/kind.ts'))['default'];

/** The kinds gauntlet ships. */
export type BuiltInKind = BenchKind | StressKind | GoldenKind | CanaryKind | DriftKind;

/** One `suites` entry of a built-in kind, as a user writes it in `gauntlet.config.ts` (defaults optional). */
export type BuiltInSuiteEntry = z.input<BuiltInKind['entrySchema']>;

/** The built-in kinds by name, each imported only when first needed (so `gauntlet mock-llm` does not pay for all). */
const loaders: Record<BuiltInKind['kind'], () => Promise<{ default: AnySuiteKind }>> = {
  bench: () => import('../bench/kind.ts'),
  stress: () => import('../stress/kind.ts'),
  golden: () => import('../golden/kind.ts'),
  canary: () => import('../canary/kind.ts'),
  drift: () => import('../drift/kind.ts'),
};

export const builtInKindNames = Object.keys(loaders) as Array<BuiltInKind['kind']>;

let loaded: Promise<AnySuiteKind[]> | undefined;

/** Every built-in kind's definition, loaded once. */
export function loadBuiltInKinds(): Promise<AnySuiteKind[]> {
  loaded ??= Promise.all(Object.values(loaders).map(async (load) => (await load()).default));
  return loaded;
}
