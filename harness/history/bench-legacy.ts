/**
 * The bench history file of gauntlet before the history store (`baselines/history/<suite>.jsonl`,
 * one line per `gauntlet bench --history` run) converted to history runs, so `gauntlet history
 * import` moves it into the store and nothing recorded earlier is lost.
 */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { readHistory } from '../bench/history.ts';
import { HISTORY_SCHEMA_VERSION, type HistoryRun } from './history-record.ts';

/** Where the old file did not say: no machine was recorded, and the run's verdict is unknown (kept as 'warn'). */
const UNKNOWN_MACHINE = { fingerprint: 'unknown', cpu: '', cores: 0, platform: '', arch: '', node: '' };

/** The runs of a legacy bench history file; the suite is the file's name unless given. */
export async function legacyBenchRuns(file: string, suite = basename(file, '.jsonl')): Promise<HistoryRun[]> {
  return (await readHistory(file)).map((e) => ({
    schemaVersion: HISTORY_SCHEMA_VERSION,
    runId: createHash('sha256')
      .update(`bench-jsonl\0${suite}\0${e.date}\0${e.gitCommit ?? ''}`)
      .digest('hex')
      .slice(0, 16),
    date: new Date(e.date).toISOString(),
    ...(e.gitCommit ? { commit: e.gitCommit } : {}),
    machine: UNKNOWN_MACHINE,
    verdict: 'warn',
    metrics: Object.entries(e.benchmarks).flatMap(([check, b]) => [
      { kind: 'bench', suite, check, metric: 'median_ms', value: b.medianMs },
      { kind: 'bench', suite, check, metric: 'normalized', value: b.normalized },
    ]),
  }));
}
