/**
 * The history store as the engine hands it to suite kinds (`SuiteContext.history`): read-only, opened
 * on first use, and only when the store file exists and better-sqlite3 can be loaded (a kind then
 * simply draws no trend).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { historyConfigSchema } from '../config/schema.ts';
import type { RunHistory } from '../core/suite-kind.ts';
import type { HistoryConfig } from './history-step.ts';
import { HistoryStore } from './history-store.ts';

/** A lazily opened view of the run history; `close()` releases the database if it was opened. */
export function openRunHistory(
  rootDir: string,
  config: HistoryConfig | undefined,
): { history: RunHistory; close(): void } | undefined {
  const file = resolve(rootDir, (config ?? historyConfigSchema.parse({})).file);
  if (!existsSync(file)) return undefined;
  let store: HistoryStore | undefined | null;
  const open = () => {
    if (store === undefined) {
      try {
        store = new HistoryStore(file);
      } catch {
        store = null; // unreadable or no better-sqlite3: no trend, and the history step says why
      }
    }
    return store;
  };
  return {
    history: {
      points(series, last) {
        const s = open();
        const id = s?.findSeries(series);
        if (!s || id === undefined) return [];
        return s
          .points(id, { last })
          .map((p) => ({ date: p.date, ...(p.commit ? { commit: p.commit } : {}), value: p.value }));
      },
    },
    close: () => store?.close(),
  };
}
