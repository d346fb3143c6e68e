/**
 * `baselines/history/<suite>.jsonl`: one line per recorded run (date, commit, each benchmark's
 * normalised median), bounded to the last `limit` lines. Read for the sparklines.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { BaselineError } from '../core/errors.ts';
import { writeFileAtomic } from '../io/atomic-write.ts';

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
  const out: HistoryEntry[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    let data: unknown;
    try {
      data = JSON.parse(line);
    } catch (e) {
      throw new BaselineError(`corrupt history line, not valid JSON`, { file, line: i + 1 }, { cause: e });
    }
    const parsed = historyEntrySchema.safeParse(data);
    if (!parsed.success)
      throw new BaselineError(`invalid history entry: ${parsed.error.issues[0]!.message}`, { file, line: i + 1 });
    out.push(parsed.data);
  }
  return out;
}

/** Append one entry, keeping only the newest `limit` (atomic rewrite; the file stays small). */
export async function appendHistory(file: string, entry: HistoryEntry, limit: number): Promise<HistoryEntry[]> {
  const all = [...(await readHistory(file)), historyEntrySchema.parse(entry)].slice(-Math.max(1, limit));
  await writeFileAtomic(file, all.map((e) => JSON.stringify(e)).join('\n') + '\n');
  return all;
}
