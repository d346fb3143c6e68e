/**
 * History on a git branch: one JSONL file per month (`2026-11.jsonl`), lines only ever appended,
 * so two CI runs that append to the same branch merge without conflicts beyond a rebase (the way
 * github-action-benchmark keeps its data on gh-pages). gauntlet loads the files into SQLite to query.
 */
import { appendFile, mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BaselineError } from '../core/errors.ts';
import { parseJsonLines } from '../core/jsonl.ts';
import { historyRunSchema, type HistoryRun } from './history-record.ts';

const MONTH_FILE = /^\d{4}-\d{2}\.jsonl$/;

/** The month file a run belongs to. */
export const monthFileOf = (run: Pick<HistoryRun, 'date'>) => `${run.date.slice(0, 7)}.jsonl`;

/** Every run in the month files of `dir`, oldest file first; a bad line is a BaselineError naming file and line. */
export async function readMonthFiles(dir: string): Promise<HistoryRun[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => MONTH_FILE.test(n)).sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new BaselineError(
      `cannot read the history directory (${(e as NodeJS.ErrnoException).code ?? e})`,
      { file: dir },
      { cause: e },
    );
  }
  const runs: HistoryRun[] = [];
  for (const name of names) {
    const file = join(dir, name);
    runs.push(...parseJsonLines(await readFile(file, 'utf8'), file, historyRunSchema, 'history record'));
  }
  return runs;
}

/** Append a run to its month file unless a line with its runId is already there. Returns the file, or undefined if it was there. */
export async function appendMonthFile(dir: string, run: HistoryRun): Promise<string | undefined> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, monthFileOf(run));
  let existing = '';
  try {
    existing = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  if (existing.includes(`"runId":${JSON.stringify(run.runId)}`)) return undefined;
  const sep = existing && !existing.endsWith('\n') ? '\n' : '';
  await appendFile(file, `${sep}${JSON.stringify(run)}\n`);
  return file;
}
