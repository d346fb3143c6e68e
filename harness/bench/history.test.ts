import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BaselineError } from '../core/errors.ts';
import { appendHistory, readHistory } from './history.ts';

const entry = (i: number) => ({
  date: `2026-11-${String(i).padStart(2, '0')}T00:00:00.000Z`,
  gitCommit: `c${i}`,
  benchmarks: { 'a > b': { medianMs: i, normalized: i / 10 } },
});

describe('bench history', () => {
  it('appends and keeps only the newest entries', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'gauntlet-hist-')), 'history', 'bench.jsonl');
    expect(await readHistory(file)).toEqual([]);
    for (let i = 1; i <= 7; i++) await appendHistory(file, entry(i), 5);
    const h = await readHistory(file);
    expect(h.map((e) => e.gitCommit)).toEqual(['c3', 'c4', 'c5', 'c6', 'c7']);
    expect((await readFile(file, 'utf8')).trim().split('\n')).toHaveLength(5);
  });

  it('names the line of a corrupt entry', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'gauntlet-hist-')), 'bench.jsonl');
    await writeFile(file, `${JSON.stringify(entry(1))}\n{oops\n`);
    const err = (await readHistory(file).catch((e: unknown) => e)) as BaselineError;
    expect(err).toBeInstanceOf(BaselineError);
    expect(err.location.line).toBe(2);
  });
});
