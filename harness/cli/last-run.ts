/**
 * The last run's durations, which balance `--shard i/n` (core/shard-plan.ts): the last unsharded or
 * merged report in the reports directory (the action can restore it from a cache), else the newest
 * run in the history store. Neither (or better-sqlite3 not installed): none, and shards split by counts.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { HistoryConfig } from '../history/history-step.ts';
import { parseTimings, type LastRun } from '../core/shard-timings.ts';

export async function lastRunForShards(
  reportsDir: string,
  rootDir: string,
  history: HistoryConfig | undefined,
): Promise<LastRun | undefined> {
  const { readRunReport } = await import('../report/read-report.ts');
  const report = await readRunReport(join(reportsDir, 'gauntlet.json')).catch(() => undefined);
  // A shard's own report does not balance a split: every shard must plan alike.
  if (report && !report.shard) return report;
  return lastRunInHistory(resolve(rootDir, history?.file ?? '.gauntlet/history.sqlite'));
}

/** The newest recorded run's durations; quietly none when the store is absent, unreadable or better-sqlite3 is not installed. */
export async function lastRunInHistory(file: string): Promise<LastRun | undefined> {
  if (!existsSync(file)) return undefined;
  const { HistoryStore } = await import('../history/history-store.ts');
  let store: InstanceType<typeof HistoryStore> | undefined;
  try {
    store = new HistoryStore(file);
    const json = store.lastTimings();
    return json === undefined ? undefined : parseTimings(json);
  } catch {
    return undefined;
  } finally {
    store?.close();
  }
}
