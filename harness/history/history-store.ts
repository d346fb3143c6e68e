/**
 * The history store: runs and their metrics in SQLite (better-sqlite3). Series are interned once,
 * points are (series, run, value) rows in a WITHOUT ROWID table, so appending a run of 200 metrics
 * is one transaction of 200 small inserts. The `history_points` view is what Grafana's SQLite data
 * source queries (one row per point, `time` in Unix seconds).
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type Database from 'better-sqlite3';
import { sqlite } from './sqlite.ts';
import { BaselineError, UsageError } from '../core/errors.ts';
import { seriesLabel, type HistoryMetric, type HistoryRun, type Machine } from './history-record.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY,
  run_id TEXT NOT NULL UNIQUE,
  ts INTEGER NOT NULL,
  date TEXT NOT NULL,
  commit_sha TEXT,
  branch TEXT,
  machine TEXT NOT NULL,
  machine_info TEXT NOT NULL,
  verdict TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS runs_ts ON runs (ts);
CREATE TABLE IF NOT EXISTS series (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  suite TEXT NOT NULL,
  check_name TEXT NOT NULL,
  metric TEXT NOT NULL,
  UNIQUE (kind, suite, check_name, metric)
);
CREATE TABLE IF NOT EXISTS points (
  series INTEGER NOT NULL,
  run INTEGER NOT NULL,
  value REAL NOT NULL,
  PRIMARY KEY (series, run)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS points_run ON points (run);
CREATE TABLE IF NOT EXISTS change_points (series TEXT NOT NULL, time INTEGER NOT NULL, text TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS run_timings (run INTEGER PRIMARY KEY, suites TEXT NOT NULL);
CREATE VIEW IF NOT EXISTS history_points AS
  SELECT r.ts / 1000 AS time, r.date, r.commit_sha, r.branch, r.machine, r.verdict,
         s.kind, s.suite, s.check_name, s.metric,
         s.kind || ':' || s.suite || CASE WHEN s.check_name = '' THEN '' ELSE ' / ' || s.check_name END || ' / ' || s.metric AS series,
         p.value
  FROM points p JOIN runs r ON r.id = p.run JOIN series s ON s.id = p.series;
`;

export interface SeriesInfo extends Omit<HistoryMetric, 'value'> {
  id: number;
  label: string;
  points: number;
}

export interface HistoryPoint {
  runId: string;
  date: string;
  commit?: string;
  branch?: string;
  machine: string;
  value: number;
}

export interface PointFilter {
  /** ISO date or ms: points of runs at or after it. */
  sinceMs?: number;
  branch?: string;
  machine?: string;
  /** Only the newest `last` points (still returned oldest first). */
  last?: number;
}

export interface RetentionPolicy {
  /** Runs older than this (relative to nowMs) are deleted. */
  retentionMs?: number;
  /** At most this many runs are kept (the newest). */
  maxRuns?: number;
}

interface PointRow {
  run_id: string;
  date: string;
  commit_sha: string | null;
  branch: string | null;
  machine: string;
  value: number;
}
interface SeriesRow {
  id: number;
  kind: string;
  suite: string;
  check_name: string;
  metric: string;
  points: number;
}

export class HistoryStore {
  readonly db: Database.Database;
  readonly file: string;
  readonly #seriesIds = new Map<string, number>();

  constructor(file: string) {
    this.file = file;
    try {
      if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
      const Sqlite = sqlite();
      this.db = new Sqlite(file);
      if (file !== ':memory:') {
        this.db.pragma('journal_mode = WAL');
        this.db.pragma('synchronous = NORMAL');
      }
      this.db.pragma('busy_timeout = 5000');
      this.db.exec(SCHEMA);
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new BaselineError(`cannot open the history database: ${(e as Error).message}`, { file }, { cause: e });
    }
  }

  #seriesId(m: Omit<HistoryMetric, 'value'>): number {
    const key = JSON.stringify([m.kind, m.suite, m.check, m.metric]);
    let id = this.#seriesIds.get(key);
    if (id === undefined) {
      this.db
        .prepare('INSERT OR IGNORE INTO series (kind, suite, check_name, metric) VALUES (?, ?, ?, ?)')
        .run(m.kind, m.suite, m.check, m.metric);
      id = (
        this.db
          .prepare('SELECT id FROM series WHERE kind = ? AND suite = ? AND check_name = ? AND metric = ?')
          .get(m.kind, m.suite, m.check, m.metric) as { id: number }
      ).id;
      this.#seriesIds.set(key, id);
    }
    return id;
  }

  /** Append runs (one transaction); a run whose runId is already stored is skipped. Returns how many were added. */
  append(runs: readonly HistoryRun[]): number {
    const insertRun = this.db.prepare(
      'INSERT OR IGNORE INTO runs (run_id, ts, date, commit_sha, branch, machine, machine_info, verdict) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const insertPoint = this.db.prepare('INSERT OR REPLACE INTO points (series, run, value) VALUES (?, ?, ?)');
    const tx = this.db.transaction((batch: readonly HistoryRun[]) => {
      let added = 0;
      for (const r of batch) {
        const info = insertRun.run(
          r.runId,
          Date.parse(r.date),
          r.date,
          r.commit ?? null,
          r.branch ?? null,
          r.machine.fingerprint,
          JSON.stringify(r.machine),
          r.verdict,
        );
        if (info.changes === 0) continue;
        added++;
        const run = Number(info.lastInsertRowid);
        for (const m of r.metrics) insertPoint.run(this.#seriesId(m), run, m.value);
      }
      return added;
    });
    return tx.immediate(runs);
  }

  /** Delete runs past the retention policy (and their points). Returns how many runs were deleted. */
  prune(nowMs: number, policy: RetentionPolicy): number {
    const tx = this.db.transaction(() => {
      let deleted = 0;
      if (policy.retentionMs !== undefined) {
        const cutoff = nowMs - policy.retentionMs;
        this.db.prepare('DELETE FROM points WHERE run IN (SELECT id FROM runs WHERE ts < ?)').run(cutoff);
        deleted += this.db.prepare('DELETE FROM runs WHERE ts < ?').run(cutoff).changes;
      }
      if (policy.maxRuns !== undefined) {
        const keep = Math.max(0, Math.floor(policy.maxRuns));
        const old = 'SELECT id FROM runs ORDER BY ts DESC, id DESC LIMIT -1 OFFSET ?';
        this.db.prepare(`DELETE FROM points WHERE run IN (${old})`).run(keep);
        deleted += this.db.prepare(`DELETE FROM runs WHERE id IN (${old})`).run(keep).changes;
      }
      this.db.prepare('DELETE FROM series WHERE id NOT IN (SELECT DISTINCT series FROM points)').run();
      this.db.prepare('DELETE FROM run_timings WHERE run NOT IN (SELECT id FROM runs)').run();
      this.#seriesIds.clear();
      return deleted;
    });
    return tx.immediate();
  }

  /** Every series with how many points it has, optionally those whose label contains one of `match` (case-insensitive). */
  series(match: readonly string[] = []): SeriesInfo[] {
    const rows = this.db
      .prepare(
        'SELECT s.id, s.kind, s.suite, s.check_name, s.metric, COUNT(p.run) AS points FROM series s LEFT JOIN points p ON p.series = s.id GROUP BY s.id ORDER BY s.kind, s.suite, s.check_name, s.metric',
      )
      .all() as SeriesRow[];
    const needles = match.map((m) => m.toLowerCase());
    return rows
      .map((r) => {
        const m = { kind: r.kind, suite: r.suite, check: r.check_name, metric: r.metric };
        return { id: r.id, ...m, label: seriesLabel(m), points: r.points };
      })
      .filter((s) => needles.length === 0 || needles.some((n) => s.label.toLowerCase().includes(n)));
  }

  /** The id of a series, if stored. */
  findSeries(m: Omit<HistoryMetric, 'value'>): number | undefined {
    const row = this.db
      .prepare('SELECT id FROM series WHERE kind = ? AND suite = ? AND check_name = ? AND metric = ?')
      .get(m.kind, m.suite, m.check, m.metric) as { id: number } | undefined;
    return row?.id;
  }

  /** A series' points, oldest first. */
  points(seriesId: number, filter: PointFilter = {}): HistoryPoint[] {
    const where = ['p.series = ?'];
    const args: unknown[] = [seriesId];
    if (filter.sinceMs !== undefined) {
      where.push('r.ts >= ?');
      args.push(filter.sinceMs);
    }
    if (filter.branch !== undefined) {
      where.push('r.branch = ?');
      args.push(filter.branch);
    }
    if (filter.machine !== undefined) {
      where.push('r.machine = ?');
      args.push(filter.machine);
    }
    const limit = filter.last !== undefined ? ` LIMIT ${Math.max(0, Math.floor(filter.last))}` : '';
    const rows = this.db
      .prepare(
        `SELECT r.run_id, r.date, r.commit_sha, r.branch, r.machine, p.value FROM points p JOIN runs r ON r.id = p.run WHERE ${where.join(' AND ')} ORDER BY r.ts DESC, r.id DESC${limit}`,
      )
      .all(...args) as PointRow[];
    return rows.reverse().map((r) => ({
      runId: r.run_id,
      date: r.date,
      ...(r.commit_sha ? { commit: r.commit_sha } : {}),
      ...(r.branch ? { branch: r.branch } : {}),
      machine: r.machine,
      value: r.value,
    }));
  }

  /** Stored runs, oldest first (without their metrics). */
  runs(filter: Omit<PointFilter, 'last'> = {}): Array<Omit<HistoryRun, 'metrics' | 'schemaVersion'>> {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.sinceMs !== undefined) {
      where.push('ts >= ?');
      args.push(filter.sinceMs);
    }
    if (filter.branch !== undefined) {
      where.push('branch = ?');
      args.push(filter.branch);
    }
    const rows = this.db
      .prepare(
        `SELECT run_id, date, commit_sha, branch, machine_info, verdict FROM runs${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ts, id`,
      )
      .all(...args) as Array<{
      run_id: string;
      date: string;
      commit_sha: string | null;
      branch: string | null;
      machine_info: string;
      verdict: HistoryRun['verdict'];
    }>;
    return rows.map((r) => ({
      runId: r.run_id,
      date: r.date,
      ...(r.commit_sha ? { commit: r.commit_sha } : {}),
      ...(r.branch ? { branch: r.branch } : {}),
      machine: JSON.parse(r.machine_info) as Machine,
      verdict: r.verdict,
    }));
  }

  /** Replace the derived change-point table (what Grafana's annotation query reads); `time` in Unix seconds. */
  replaceChangePoints(rows: ReadonlyArray<{ series: string; time: number; text: string }>): void {
    const insert = this.db.prepare('INSERT INTO change_points (series, time, text) VALUES (?, ?, ?)');
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM change_points').run();
      for (const r of rows) insert.run(r.series, Math.round(r.time), r.text);
    })();
  }

  /** Keep a stored run's suite and check durations (JSON of `timingsOf`, core/shard-timings.ts): they balance `--shard`. */
  saveTimings(runId: string, suitesJson: string): void {
    this.db
      .prepare('INSERT OR REPLACE INTO run_timings (run, suites) SELECT id, ? FROM runs WHERE run_id = ?')
      .run(suitesJson, runId);
  }

  /** The durations of the newest run that has them (JSON), if any. */
  lastTimings(): string | undefined {
    const row = this.db
      .prepare('SELECT t.suites FROM run_timings t JOIN runs r ON r.id = t.run ORDER BY r.ts DESC, r.id DESC LIMIT 1')
      .get() as { suites: string } | undefined;
    return row?.suites;
  }

  runCount(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM runs').get() as { n: number }).n;
  }

  close(): void {
    this.db.close();
  }
}
