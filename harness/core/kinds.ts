/**
 * Side-effect imports that register every built-in suite kind. One line per kind.
 */
import { registerSuiteKind } from './registry.ts';

export { suiteKinds } from './registry.ts';

const builtIn: Array<() => Promise<{ default: Parameters<typeof registerSuiteKind>[0] }>> = [
  // KINDS: one line per kind, e.g. () => import('../golden/kind.ts'),
  () => import('../bench/kind.ts'),
  () => import('../stress/kind.ts'),
  () => import('../golden/kind.ts'),
  () => import('../canary/kind.ts'),
  () => import('../drift/kind.ts'),
];

let loaded: Promise<void> | undefined;

/** Loads the built-in kinds once (lazily, so a `gauntlet mock-llm` does not pay for all of them). */
export function loadBuiltInKinds(): Promise<void> {
  loaded ??= Promise.all(builtIn.map((load) => load())).then((mods) => {
    for (const m of mods) registerSuiteKind(m.default);
  });
  return loaded;
}
