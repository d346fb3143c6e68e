import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findConfigFile, loadConfig } from '../../config/load-config.ts';
import { historyConfigSchema } from '../../config/schema.ts';
import { ConfigError, isGauntletError, UsageError } from '../../core/errors.ts';
import type { RunReport, Trend } from '../../core/report.ts';
import { historyRunOf, seriesLabel, type HistoryRun } from '../../history/history-record.ts';
import { historyStep, recordAndFindTrends, type HistoryConfig } from '../../history/history-step.ts';
import { HistoryStore } from '../../history/history-store.ts';
import { appendMonthFile, readMonthFiles } from '../../history/jsonl-months.ts';
import { currentBranch, currentMachine } from '../../history/machine.ts';
import { trendOf } from '../../history/trends.ts';
import { formatNumber } from '../../report/format.ts';
import { readRunReport } from '../../report/read-report.ts';
import { parseSince } from '../durations.ts';
import type { CliIo } from '../io.ts';
import type { HistoryQueryOptions, HistoryRecordOptions } from './history.ts';

/** The history settings and root: from the config when there is one, defaults in the current directory otherwise. */
export async function historySettings(
  io: CliIo,
  opts: { config?: string; file?: string },
): Promise<{ config: HistoryConfig; file: string; rootDir: string }> {
  let config: HistoryConfig = historyConfigSchema.parse({});
  let rootDir = io.cwd;
  try {
    const loaded = await loadConfig(findConfigFile(io.cwd, opts.config));
    config = loaded.history ?? config;
    rootDir = loaded.rootDir;
  } catch (e) {
    if (opts.config || !(e instanceof ConfigError) || !e.message.startsWith('no gauntlet config found')) throw e;
  }
  return { config, rootDir, file: opts.file ? resolve(io.cwd, opts.file) : resolve(rootDir, config.file) };
}

const BARS = '▁▂▃▄▅▆▇█';
function sparkline(values: readonly number[]): string {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return values.map((v) => BARS[hi === lo ? 3 : Math.round(((v - lo) / (hi - lo)) * 7)]).join('');
}

export async function historyQueryCommand(io: CliIo, opts: HistoryQueryOptions): Promise<number> {
  const { config, file } = await historySettings(io, opts);
  const sinceMs = opts.since !== undefined ? parseSince(opts.since, Date.now()) : undefined;
  const store = new HistoryStore(file);
  try {
    const series = store.series(opts.metric ?? []);
    const rows = series
      .map((s) => {
        const points = store.points(s.id, { sinceMs, branch: opts.branch });
        const trend = trendOf(
          s,
          store.points(s.id, { branch: opts.branch ?? config.branch, last: config.changePoints.lookback ?? 200 }),
          config.changePoints,
        );
        return { series: s, points, trend };
      })
      .filter((r) => r.points.length > 0);
    if (opts.json) {
      const out = rows.map(({ series: { id: _id, points: _n, ...s }, points, trend }) => ({
        ...s,
        points,
        ...(trend ? { trend } : {}),
      }));
      io.out.write(`${JSON.stringify({ file, runs: store.runCount(), series: out }, null, 2)}\n`);
      return 0;
    }
    if (rows.length === 0) {
      io.out.write(
        `no history${opts.metric?.length ? ` for ${opts.metric.join(', ')}` : ''} in ${file} (${store.runCount()} run(s) stored)\n`,
      );
      return 0;
    }
    io.out.write(`${file}: ${store.runCount()} run(s), ${rows.length} series\n`);
    for (const { series: s, points, trend } of rows) {
      const values = points.map((p) => p.value);
      io.out.write(
        `${seriesLabel(s)}\n  last ${formatNumber(values.at(-1)!)} · ${values.length} point(s) · ${sparkline(values.slice(-40))}\n`,
      );
      if (trend) io.out.write(`  ⚠ ${trend.message}\n`);
    }
    return 0;
  } finally {
    store.close();
  }
}

export async function historyRecordCommand(io: CliIo, reportFile: string, opts: HistoryRecordOptions): Promise<number> {
  const { config, file } = await historySettings(io, opts);
  const report = await readRunReport(resolve(io.cwd, reportFile));
  if (report.shard)
    throw new UsageError(
      `${reportFile} is the report of shard ${report.shard.index}/${report.shard.total}: record the merged report (gauntlet report merge)`,
    );
  const store = new HistoryStore(file);
  try {
    const trends = recordAndFindTrends(store, report, { config, env: io.env, write: true });
    io.out.write(`history: recorded ${reportFile} in ${file} (${store.runCount()} run(s))\n`);
    for (const t of trends) io.out.write(`  ⚠ ${t.message}\n`);
  } finally {
    store.close();
  }
  if (opts.jsonlDir) {
    const run = historyRunOf(report, { branch: currentBranch(io.cwd, io.env), machine: currentMachine() });
    const written = await appendMonthFile(resolve(io.cwd, opts.jsonlDir), run);
    io.out.write(
      written ? `history: appended to ${written}\n` : `history: run ${run.runId} already in ${opts.jsonlDir}\n`,
    );
  }
  return 0;
}

export async function historyImportCommand(
  io: CliIo,
  dir: string,
  opts: { file?: string; config?: string },
): Promise<number> {
  const { config, file } = await historySettings(io, opts);
  const runs = await runsToImport(resolve(io.cwd, dir));
  const store = new HistoryStore(file);
  try {
    const added = store.append(runs);
    store.prune(Date.now(), { retentionMs: config.retentionDays * 86_400_000, maxRuns: config.maxRuns });
    io.out.write(`history: imported ${added} new run(s) of ${runs.length} from ${dir} into ${file}\n`);
  } finally {
    store.close();
  }
  return 0;
}

/**
 * A history-branch checkout's month files (YYYY-MM.jsonl), and any other `<suite>.jsonl` beside them
 * as a legacy bench history file (baselines/history/); a single file is read as a legacy bench file.
 */
async function runsToImport(path: string): Promise<HistoryRun[]> {
  const { legacyBenchRuns } = await import('../../history/bench-legacy.ts');
  if (existsSync(path) && statSync(path).isFile()) return legacyBenchRuns(path);
  const legacy = existsSync(path)
    ? readdirSync(path).filter((n) => n.endsWith('.jsonl') && !/^\d{4}-\d{2}\.jsonl$/.test(n))
    : [];
  const runs = await readMonthFiles(path);
  for (const name of legacy.sort()) runs.push(...(await legacyBenchRuns(join(path, name))));
  return runs;
}

/**
 * Trends for a report from the history store, read only (never appended): for `gauntlet report merge`,
 * whose shards ran without the store; in CI the store is main's history imported from the history
 * branch first. A missing or broken store, or a config that does not load, is no trends and a warning.
 */
export async function readOnlyTrends(io: CliIo, report: RunReport): Promise<Trend[]> {
  try {
    const { config, rootDir } = await historySettings(io, {});
    const r = historyStep({ report, config, rootDir, env: io.env, ci: true, flag: false });
    if (r.warning) io.err.write(`gauntlet: ${r.warning}\n`);
    return r.trends;
  } catch (e) {
    io.err.write(`gauntlet: no trends: ${isGauntletError(e) ? e.describe() : (e as Error).message}\n`);
    return [];
  }
}
