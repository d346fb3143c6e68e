import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { historyConfigSchema } from '../config/schema.ts';
import { selectSuites } from '../core/select-suites.ts';
import { timingsOf } from '../core/shard-timings.ts';
import { HistoryStore } from '../history/history-store.ts';
import { recordAndFindTrends } from '../history/history-step.ts';
import { fixtureRunReport } from '../report/__fixtures__/run-reports.ts';
import { lastRunForShards } from './last-run.ts';

const config = historyConfigSchema.parse({});

describe('the last run that balances --shard', () => {
  it('comes from the history store (real SQLite) when the reports directory has no unsharded report', async () => {
    const root = await mkdtemp(join(tmpdir(), 'gauntlet-last-run-'));
    const reports = join(root, 'reports');
    expect(await lastRunForShards(reports, root, config)).toBeUndefined();

    const older = fixtureRunReport({ startedAt: '2026-11-01T00:00:00.000Z' });
    const newer = fixtureRunReport({ startedAt: '2026-11-02T00:00:00.000Z' });
    newer.suites[0]!.durationMs = 99_999;
    const store = new HistoryStore(join(root, config.file));
    for (const r of [newer, older]) recordAndFindTrends(store, r, { config, env: {}, write: true });
    store.close();

    const last = await lastRunForShards(reports, root, config);
    expect(last?.suites).toEqual(timingsOf(newer));
    expect(last?.suites[0]).toMatchObject({ kind: 'golden', durationMs: 99_999 });
    // Per check: the durations golden cases are dealt by, and the file a bench check belongs to.
    expect(last?.suites[0]!.checks[0]).toEqual({
      name: 'cold-start user',
      verdict: 'pass',
      reasons: [],
      durationMs: 3,
      location: { file: 'suites/golden/cases/cold-start.yaml' },
    });
    // The durations deal whole suites: the longest (golden, 99,999 ms) alone on shard 1 of 2.
    const suites = newer.suites.map((s) => ({ kind: s.kind, name: s.name }));
    expect(selectSuites(suites, { shard: { index: 1, total: 2 }, previous: last })).toEqual([suites[0]]);

    // A shard's own report in the reports directory is passed over; an unsharded one wins.
    await mkdir(reports);
    const shard = fixtureRunReport({ shard: { index: 1, total: 2 } });
    await writeFile(join(reports, 'gauntlet.json'), JSON.stringify(shard));
    expect((await lastRunForShards(reports, root, config))?.suites).toEqual(timingsOf(newer));
    await writeFile(join(reports, 'gauntlet.json'), JSON.stringify(older));
    expect((await lastRunForShards(reports, root, config))?.suites[0]!.durationMs).toBe(older.suites[0]!.durationMs);
  });

  it('is quietly none when the store cannot be read', async () => {
    const root = await mkdtemp(join(tmpdir(), 'gauntlet-last-run-'));
    await mkdir(join(root, '.gauntlet'));
    await writeFile(join(root, config.file), 'not a database');
    expect(await lastRunForShards(join(root, 'reports'), root, config)).toBeUndefined();
  });
});
