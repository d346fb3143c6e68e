/**
 * Read and clean a metrics-store SQLite file (the reference system's store, sut/metrics-store:
 * table `metrics(id, ts, type, value, context)`), for `gauntlet metrics`, `gauntlet alerts status`
 * and `gauntlet dashboard generate`. The harness reads the file format, not the sut's classes: the
 * published package ships harness/ only.
 */
import { existsSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { sqlite } from '../history/sqlite.ts';
import { InputError, UsageError } from '../core/errors.ts';

export interface MetricRow {
  ts: number;
  type: string;
  value: number;
  context?: Record<string, unknown>;
}

export interface AlertRuleState {
  rule: string;
  state: 'ok' | 'firing';
  fired: number;
  suppressed: number;
  lastFiredAtMs?: number;
  since: number;
  metric?: string;
  op?: '<' | '>';
  threshold?: number;
  severity?: string;
}

/** Delivery counts of one alert channel: the context of an `alert_delivery` record, as the dispatcher keeps them. */
export interface ChannelStats {
  channel: string;
  delivered: number;
  /** Alerts given up on after every attempt (the per-channel failure count). */
  failed: number;
  /** Attempts beyond the first. */
  retries: number;
  /** Alerts dropped because the channel's queue was full. */
  dropped: number;
  /** Alerts not yet resolved: waiting in the queue or in flight (at shutdown: given up on by the bounded flush). */
  queued: number;
  lastError?: string;
}

/** A channel's latest delivery counts and when they were written. */
export interface ChannelState extends ChannelStats {
  at: number;
}

export class MetricsFile {
  readonly db: Database.Database;

  constructor(
    readonly file: string,
    options: { write?: boolean } = {},
  ) {
    if (!existsSync(file)) throw new InputError('metrics store not found', { file });
    try {
      const Sqlite = sqlite();
      this.db = new Sqlite(file, { readonly: !options.write, fileMustExist: true });
      this.db.pragma('busy_timeout = 5000');
      this.db.prepare('SELECT ts, type, value, context FROM metrics LIMIT 0').all();
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new InputError(`not a metrics store (${(e as Error).message})`, { file }, { cause: e });
    }
  }

  /** Metric types with their record counts and time span. */
  types(): Array<{ type: string; count: number; first: number; last: number }> {
    return this.db
      .prepare(
        'SELECT type, COUNT(*) AS count, MIN(ts) AS first, MAX(ts) AS last FROM metrics GROUP BY type ORDER BY type',
      )
      .all() as Array<{ type: string; count: number; first: number; last: number }>;
  }

  /** Records of the given types since `sinceMs`, oldest first (the newest `limit` when given). */
  query(q: { types?: readonly string[]; sinceMs?: number; limit?: number }): MetricRow[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (q.types?.length) {
      where.push(`type IN (${q.types.map(() => '?').join(', ')})`);
      args.push(...q.types);
    }
    if (q.sinceMs !== undefined) {
      where.push('ts >= ?');
      args.push(q.sinceMs);
    }
    const limit = q.limit !== undefined ? ` LIMIT ${Math.max(0, Math.floor(q.limit))}` : '';
    const rows = this.db
      .prepare(
        `SELECT ts, type, value, context FROM metrics${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ts DESC, id DESC${limit}`,
      )
      .all(...args) as Array<{ ts: number; type: string; value: number; context: string | null }>;
    return rows.reverse().map((r) => ({
      ts: r.ts,
      type: r.type,
      value: r.value,
      ...(r.context ? { context: JSON.parse(r.context) as Record<string, unknown> } : {}),
    }));
  }

  /** The newest timestamp in the store (the store's "now": simulations run on their own clock). */
  latestTs(): number | undefined {
    return (this.db.prepare('SELECT MAX(ts) AS t FROM metrics').get() as { t: number | null }).t ?? undefined;
  }

  /** Delete records older than `nowMs - retentionMs`; returns how many. */
  cleanup(nowMs: number, retentionMs: number): number {
    return this.db.prepare('DELETE FROM metrics WHERE ts < ?').run(nowMs - retentionMs).changes;
  }

  /** The latest state of every alert rule (`alert_state` records). */
  alertStates(): AlertRuleState[] {
    const out = new Map<string, AlertRuleState>();
    for (const r of this.query({ types: ['alert_state'] })) {
      const c = r.context as Partial<AlertRuleState> | undefined;
      if (typeof c?.rule !== 'string') continue;
      out.set(c.rule, {
        ...(c as AlertRuleState),
        state: c.state === 'firing' ? 'firing' : 'ok',
        fired: Number(c.fired) || 0,
        suppressed: Number(c.suppressed) || 0,
        since: r.ts,
      });
    }
    return [...out.values()];
  }

  /** The latest delivery counts of every alert channel (`alert_delivery` records). */
  channelStates(): ChannelState[] {
    const out = new Map<string, ChannelState>();
    for (const r of this.query({ types: ['alert_delivery'] })) {
      const c = r.context as Partial<ChannelState> | undefined;
      if (typeof c?.channel !== 'string') continue;
      out.set(c.channel, {
        channel: c.channel,
        delivered: Number(c.delivered) || 0,
        failed: Number(c.failed) || 0,
        retries: Number(c.retries) || 0,
        dropped: Number(c.dropped) || 0,
        queued: Number(c.queued) || 0,
        ...(c.lastError ? { lastError: String(c.lastError) } : {}),
        at: r.ts,
      });
    }
    return [...out.values()];
  }

  close(): void {
    this.db.close();
  }
}
