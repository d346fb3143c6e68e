/**
 * A benchmark's trend: one line per earlier run (date, commit, each benchmark's normalised median).
 * The lines come from the history store; `baselines/history/<suite>.jsonl` (gauntlet's bench history
 * before the store, no longer written) is still read while the store holds none of the suite's runs.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { BaselineError } from '../core/errors.ts';
import { parseJsonLines } from '../core/jsonl.ts';
import type { RunHistory } from '../core/suite-kind.ts';

export const historyEntrySchema = z.strictObject({
  date: z.string(),
  gitCommit: z.string().optional(),
  /** Per benchmark id: median latency in ms, and the compared location quantile divided by the calibration median. */
  benchmarks: z.record(z.string(), z.strictObject({ medianMs: z.number(), normalized: z.number() })),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

/** The entries of a history file, oldest first; [] when it does not exist. Bad lines are BaselineErrors naming the line. */
export async function readHistory(file: string): Promise<HistoryEntry[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new BaselineError(`cannot read history (${(e as NodeJS.ErrnoException).code ?? e})`, { file }, { cause: e });
  }
  return parseJsonLines(text, file, historyEntrySchema, 'history entry');
}

/**
 * A suite's earlier runs from the history store, as trend lines: the newest `last` values of each
 * benchmark's `normalized` and `median_ms` series, joined by run date.
 */
export function storedTrend(store: RunHistory, suite: string, ids: readonly string[], last: number): HistoryEntry[] {
  if (last <= 0) return [];
  const byDate = new Map<string, HistoryEntry>();
  for (const id of ids) {
    const series = (metric: string) => store.points({ kind: 'bench', suite, check: id, metric }, last);
    const medians = new Map(series('median_ms').map((p) => [p.date, p.value]));
    for (const p of series('normalized')) {
      const medianMs = medians.get(p.date);
      if (medianMs === undefined) continue;
      const e = byDate.get(p.date) ?? { date: p.date, ...(p.commit ? { gitCommit: p.commit } : {}), benchmarks: {} };
      e.benchmarks[id] = { medianMs, normalized: p.value };
      byDate.set(p.date, e);
    }
  }
  return [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date)).slice(-last);
}
