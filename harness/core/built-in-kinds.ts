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

const loadedKinds = new Map<string, Promise<AnySuiteKind>>();

const isBuiltInKind = (name: string): name is BuiltInKind['kind'] => Object.hasOwn(loaders, name);

/**
 * The built-in kinds of these names (other names are ignored), each loaded once: a run loads only the
 * kinds its config uses (the bench kind alone costs its process about a second to import).
 */
export function loadBuiltInKinds(names: Iterable<string> = builtInKindNames): Promise<AnySuiteKind[]> {
  const wanted = [...new Set(names)].filter(isBuiltInKind);
  return Promise.all(
    wanted.map((name) => {
      let kind = loadedKinds.get(name);
      if (!kind) {
        kind = loaders[name]().then((m) => m.default);
        loadedKinds.set(name, kind);
      }
      return kind;
    }),
  );
}
