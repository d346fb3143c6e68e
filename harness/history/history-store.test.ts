import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BaselineError } from '../core/errors.ts';
import { fixtureRunReport } from '../report/__fixtures__/run-reports.ts';
import { historyRunOf, metricsOfReport, type HistoryRun } from './history-record.ts';
import { HistoryStore } from './history-store.ts';
import { appendMonthFile, readMonthFiles } from './jsonl-months.ts';
import { findTrends } from './trends.ts';

const machine = { fingerprint: 'abc123', cpu: 'test cpu', cores: 2, platform: 'linux', arch: 'x64', node: 'v20.0.0' };
const DAY = 86_400_000;

/** A run of one series per (check, metric) with the given values, on day `day` of 2026. */
function run(i: number, values: Record<string, number>, extra: Partial<HistoryRun> = {}): HistoryRun {
  return {
    schemaVersion: 1,
    runId: `run-${i}`,
    date: new Date(Date.UTC(2026, 0, 1) + i * DAY).toISOString(),
    commit: `${i.toString(16).padStart(7, '0')}aaaa`,
    branch: 'main',
    machine,
    verdict: 'pass',
    metrics: Object.entries(values).map(([metric, value]) => ({
      kind: 'bench',
      suite: 'planner',
      check: 'select 10,000',
      metric,
      value,
    })),
    ...extra,
  };
}

describe('history store (real SQLite file)', () => {
  it('appends runs once, queries points per series with filters, and keeps them across reopening', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'gauntlet-history-')), 'h.sqlite');
    const store = new HistoryStore(file);
    expect(store.append([run(0, { median_ms: 10, ops: 5 }), run(1, { median_ms: 11 })])).toBe(2);
    expect(store.append([run(1, { median_ms: 99 })])).toBe(0); // same runId: skipped
    store.append([run(2, { median_ms: 12 }, { branch: 'feature' })]);
    store.close();

    const again = new HistoryStore(file);
    const [median] = again.series(['MEDIAN']);
    expect(median!.label).toBe('bench:planner / select 10,000 / median_ms');
    expect(median!.points).toBe(3);
    expect(again.points(median!.id).map((p) => p.value)).toEqual([10, 11, 12]);
    expect(again.points(median!.id, { branch: 'main' }).map((p) => p.value)).toEqual([10, 11]);
    expect(again.points(median!.id, { sinceMs: Date.UTC(2026, 0, 2) }).map((p) => p.value)).toEqual([11, 12]);
    expect(again.points(median!.id, { last: 1 })[0]).toMatchObject({
      value: 12,
      branch: 'feature',
      runId: 'run-2',
      machine: 'abc123',
    });
    const grafanaRows = again.db.prepare("SELECT time, series, value FROM history_points WHERE metric = 'ops'").all();
    expect(grafanaRows).toEqual([
      { time: Date.UTC(2026, 0, 1) / 1000, series: 'bench:planner / select 10,000 / ops', value: 5 },
    ]);
    again.close();
  });

  it('prunes by age and by count, with their points and orphaned series', () => {
    const store = new HistoryStore(':memory:');
    store.append(
      Array.from({ length: 10 }, (_, i) => run(i, i === 0 ? { only_first: 1, median_ms: 1 } : { median_ms: i })),
    );
    expect(store.prune(Date.UTC(2026, 0, 1) + 9 * DAY, { retentionMs: 5 * DAY })).toBe(4);
    expect(store.runCount()).toBe(6);
    expect(store.series().map((s) => s.metric)).toEqual(['median_ms']);
    expect(store.prune(0, { maxRuns: 2 })).toBe(4);
    expect(store.points(store.series()[0]!.id).map((p) => p.value)).toEqual([8, 9]);
  });

  it('takes every finite metric of a run report, check and suite level', () => {
    const report = fixtureRunReport();
    const run = historyRunOf(report, { branch: 'main', machine });
    const count = report.suites.reduce(
      (n, s) =>
        n + Object.keys(s.metrics ?? {}).length + s.checks.reduce((k, c) => k + Object.keys(c.metrics ?? {}).length, 0),
      0,
    );
    expect(run.metrics).toHaveLength(count);
    expect(metricsOfReport(report).every((m) => Number.isFinite(m.value))).toBe(true);
    expect(historyRunOf(report, { machine }).runId).toBe(run.runId);
  });
});

describe('monthly JSONL files', () => {
  it('append once per run into its month file and load back what was written', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gauntlet-jsonl-'));
    const runs = [run(0, { median_ms: 1 }), run(40, { median_ms: 2 })];
    for (const r of runs) await appendMonthFile(dir, r);
    expect(await appendMonthFile(dir, runs[0]!)).toBeUndefined();
    expect((await readFile(join(dir, '2026-01.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(1);
    expect(await readMonthFiles(dir)).toEqual(runs);
  });

  it('names the file, line and field of a bad record', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gauntlet-jsonl-'));
    await writeFile(
      join(dir, '2026-02.jsonl'),
      `${JSON.stringify(run(0, { a: 1 }))}\n${JSON.stringify({ ...run(1, { a: 1 }), verdict: 'maybe' })}\n`,
    );
    const err = await readMonthFiles(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BaselineError);
    expect((err as BaselineError).describe()).toMatch(/2026-02\.jsonl:2: verdict: invalid history record/);
  });
});

describe('trends over the store', () => {
  it('flags a planted slow creep on main with the commit it started at, and nothing on a steady metric', () => {
    const store = new HistoryStore(':memory:');
    let s = 7;
    const noise = () => ((s = (s * 16807) % 2147483647) / 2147483647 - 0.5) * 0.02;
    store.append(
      Array.from({ length: 50 }, (_, i) =>
        run(i, { median_ms: (i >= 38 ? 109 : 100) * (1 + noise()), steady_ms: 50 * (1 + noise()) }),
      ),
    );
    const series = store.series().map(({ kind, suite, check, metric }) => ({ kind, suite, check, metric }));
    const trends = findTrends(store, series);
    expect(trends).toHaveLength(1);
    expect(trends[0]).toMatchObject({
      metric: 'median_ms',
      runsSince: 12,
      commitsSince: 12,
      startCommit: `${(38).toString(16).padStart(7, '0')}aaaa`,
    });
    expect(trends[0]!.message).toMatch(
      /^select 10,000 median_ms got (8\.[5-9]|9(\.[0-4])?)% slower across the last 12 commits, starting at 0000026$/,
    );
    expect(findTrends(store, series, { branch: 'feature' })).toEqual([]);
  });
});
