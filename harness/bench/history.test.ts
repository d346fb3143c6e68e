import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BaselineError } from '../core/errors.ts';
import type { RunHistory } from '../core/suite-kind.ts';
import { readHistory, storedTrend } from './history.ts';

const entry = (i: number) => ({
  date: `2026-11-${String(i).padStart(2, '0')}T00:00:00.000Z`,
  gitCommit: `c${i}`,
  benchmarks: { 'a > b': { medianMs: i, normalized: i / 10 } },
});

describe('bench history', () => {
  it('reads the legacy JSONL file; a missing file is no history', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gauntlet-hist-'));
    expect(await readHistory(join(dir, 'none.jsonl'))).toEqual([]);
    const file = join(dir, 'bench.jsonl');
    await writeFile(file, [1, 2, 3].map((i) => JSON.stringify(entry(i))).join('\n') + '\n');
    expect((await readHistory(file)).map((e) => e.gitCommit)).toEqual(['c1', 'c2', 'c3']);
  });

  it('names the line of a corrupt entry', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'gauntlet-hist-')), 'bench.jsonl');
    await writeFile(file, `${JSON.stringify(entry(1))}\n{oops\n`);
    const err = (await readHistory(file).catch((e: unknown) => e)) as BaselineError;
    expect(err).toBeInstanceOf(BaselineError);
    expect(err.location.line).toBe(2);
  });

  it('builds trend lines from the history store, joined by run date, newest `last` only', () => {
    const asked: string[] = [];
    const store: RunHistory = {
      points: (s, last) => {
        asked.push(`${s.kind}:${s.suite}/${s.check}/${s.metric}`);
        const runs = [1, 2, 3, 4].map((i) => ({ date: entry(i).date, commit: `c${i}`, value: i }));
        if (s.check === 'x > y' && s.metric === 'median_ms') runs.splice(1, 1); // run 2 has no median for x > y
        return runs.map((r) => ({ ...r, value: s.metric === 'normalized' ? r.value / 10 : r.value })).slice(-last);
      },
    };
    const trend = storedTrend(store, 'cpu', ['a > b', 'x > y'], 3);
    expect(asked).toContain('bench:cpu/a > b/normalized');
    expect(trend.map((e) => e.gitCommit)).toEqual(['c2', 'c3', 'c4']);
    expect(trend[0]!.benchmarks).toEqual({ 'a > b': { medianMs: 2, normalized: 0.2 } });
    expect(trend[2]!.benchmarks['x > y']).toEqual({ medianMs: 4, normalized: 0.4 });
    expect(storedTrend(store, 'cpu', ['a > b'], 0)).toEqual([]);
  });
});
