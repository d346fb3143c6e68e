/**
 * better-sqlite3, loaded on first use. It is an optional peer dependency of the gauntlet package: a
 * native module that compiles on install where no prebuilt binary can be fetched, which a project
 * that keeps no history should not pay for. Without it the history step is skipped with a note and
 * the history, dashboard, metrics and alerts commands are exit-code-2 errors saying how to install it.
 */
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { UsageError } from '../core/errors.ts';

const require = createRequire(import.meta.url);
let loaded: typeof BetterSqlite3 | undefined;

/** The better-sqlite3 constructor, or a UsageError naming the package to install. `load` is for tests. */
export function sqlite(load?: () => unknown): typeof BetterSqlite3 {
  if (loaded && !load) return loaded;
  try {
    const module = (load ?? (() => require('better-sqlite3')))() as typeof BetterSqlite3;
    if (!load) loaded = module;
    return module;
  } catch (e) {
    throw new UsageError(
      'history needs the optional package better-sqlite3 (npm install --save-dev better-sqlite3@12)',
      { cause: e },
    );
  }
}
