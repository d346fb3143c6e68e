import Database from 'better-sqlite3';
import type { MetricQuery, MetricRecord } from './metric-types.ts';

export interface MetricsStoreOptions {
  /** How long a writer waits for another writer's lock before failing (SQLite busy_timeout). Default 5,000 ms. */
  busyTimeoutMs?: number;
  /** Records older than this (relative to the `now` given to `cleanup`) are deleted by `cleanup`. */
  retentionMs?: number;
}

/** A metric value that cannot be stored (NaN, infinite, empty type). */
export class MetricValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MetricValueError';
  }
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS metrics (
  id INTEGER PRIMARY KEY,
  ts INTEGER NOT NULL,
  type TEXT NOT NULL,
  value REAL NOT NULL,
  context TEXT
);
CREATE INDEX IF NOT EXISTS metrics_type_ts ON metrics (type, ts);
CREATE INDEX IF NOT EXISTS metrics_ts ON metrics (ts);
`;

interface Row {
  ts: number;
  type: string;
  value: number;
  context: string | null;
}

/**
 * Business metrics on SQLite. A file database runs in WAL mode with a busy timeout, so several
 * processes (or worker threads, each with its own store) can write at once; `':memory:'` gives a
 * private in-memory database for simulations.
 */
export class MetricsStore {
  readonly db: Database.Database;
  readonly retentionMs: number | undefined;
  readonly #insert: Database.Statement;
  readonly #insertMany: (records: readonly MetricRecord[]) => void;
  readonly #inTransaction: <T>(fn: () => T) => T;
  /** Statements by SQL text: a simulation queries the same few shapes every tick, and preparing costs more than running. */
  readonly #statements = new Map<string, Database.Statement>();

  constructor(file = ':memory:', options: MetricsStoreOptions = {}) {
    this.db = new Database(file);
    this.db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5_000))}`);
    if (file !== ':memory:') {
      this.db.pragma('journal_mode = WAL');
      // WAL + NORMAL is durable against application crashes and keeps commits cheap.
      this.db.pragma('synchronous = NORMAL');
    }
    this.db.exec(SCHEMA);
    this.retentionMs = options.retentionMs;
    this.#insert = this.db.prepare('INSERT INTO metrics (ts, type, value, context) VALUES (?, ?, ?, ?)');
    // IMMEDIATE takes the write lock at BEGIN, so concurrent writers wait (busy_timeout) instead of
    // failing with SQLITE_BUSY when upgrading a read transaction.
    const many = this.db.transaction((records: readonly MetricRecord[]) => {
      for (const r of records) this.#insertRow(r);
    });
    this.#insertMany = (records) => many.immediate(records);
    const run = this.db.transaction((fn: () => unknown) => fn());
    this.#inTransaction = <T>(fn: () => T) => run.immediate(fn) as T;
  }

  #insertRow(r: MetricRecord): void {
    checkRecord(r);
    this.#write(r);
  }

  /** Insert a record `checkRecord` accepted. */
  #write(r: MetricRecord): void {
    this.#insert.run(Math.round(r.ts), r.type, r.value, r.context === undefined ? null : JSON.stringify(r.context));
  }

  /** Store one record. */
  record(r: MetricRecord): void {
    this.#insertRow(r);
  }

  /** Store many records in one transaction (all or none); inside `transaction`, as part of it. */
  recordMany(records: readonly MetricRecord[]): void {
    if (records.length === 0) return;
    if (!this.db.inTransaction) return this.#insertMany(records);
    // Within a transaction a savepoint per batch would cost as much as the inserts: check the whole
    // batch first, so a bad record still adds none of it.
    records.forEach(checkRecord);
    for (const r of records) this.#write(r);
  }

  /**
   * Run `fn` in one write transaction, committed when it returns and rolled back when it throws: a
   * writer that records several batches per step commits once, and readers see each step whole.
   */
  transaction<T>(fn: () => T): T {
    return this.#inTransaction(fn);
  }

  /** Records by type(s) and time range [from, to), oldest first unless `order: 'desc'`. */
  query(q: MetricQuery = {}): MetricRecord[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (q.type !== undefined) {
      const types = typeof q.type === 'string' ? [q.type] : [...q.type];
      where.push(`type IN (${types.map(() => '?').join(', ')})`);
      args.push(...types);
    }
    if (q.from !== undefined) {
      where.push('ts >= ?');
      args.push(q.from);
    }
    if (q.to !== undefined) {
      where.push('ts < ?');
      args.push(q.to);
    }
    const sql =
      'SELECT ts, type, value, context FROM metrics' +
      (where.length ? ` WHERE ${where.join(' AND ')}` : '') +
      ` ORDER BY ts ${q.order === 'desc' ? 'DESC' : 'ASC'}, id ${q.order === 'desc' ? 'DESC' : 'ASC'}` +
      (q.limit !== undefined ? ` LIMIT ${Math.max(0, Math.floor(q.limit))}` : '');
    return (this.#statement(sql).all(...args) as Row[]).map(toRecord);
  }

  /** The most recent record of a type, if any. */
  latest(type: string): MetricRecord | undefined {
    return this.query({ type, order: 'desc', limit: 1 })[0];
  }

  count(type?: string): number {
    const row = (
      type === undefined
        ? this.#statement('SELECT COUNT(*) AS n FROM metrics').get()
        : this.#statement('SELECT COUNT(*) AS n FROM metrics WHERE type = ?').get(type)
    ) as { n: number };
    return row.n;
  }

  /** Delete records older than `now - retentionMs`; returns how many were deleted. */
  cleanup(now: number, retentionMs = this.retentionMs): number {
    if (retentionMs === undefined) return 0;
    return this.#statement('DELETE FROM metrics WHERE ts < ?').run(now - retentionMs).changes;
  }

  #statement(sql: string): Database.Statement {
    let s = this.#statements.get(sql);
    if (!s) {
      // Queries differ by their type lists and limits: keep the cache bounded.
      if (this.#statements.size >= 64) this.#statements.clear();
      this.#statements.set(sql, (s = this.db.prepare(sql)));
    }
    return s;
  }

  close(): void {
    this.db.close();
  }
}

/** Throws MetricValueError for a record the store cannot hold (empty type, non-finite value or time). */
function checkRecord(r: MetricRecord): void {
  if (typeof r.type !== 'string' || r.type.length === 0)
    throw new MetricValueError('metric type must be a non-empty string');
  if (!Number.isFinite(r.value))
    throw new MetricValueError(`metric ${r.type}: value must be a finite number, got ${r.value}`);
  if (!Number.isFinite(r.ts)) throw new MetricValueError(`metric ${r.type}: ts must be a finite number, got ${r.ts}`);
}

function toRecord(row: Row): MetricRecord {
  const r: MetricRecord = { ts: row.ts, type: row.type, value: row.value };
  if (row.context !== null) r.context = JSON.parse(row.context) as Record<string, unknown>;
  return r;
}
