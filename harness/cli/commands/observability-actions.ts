import { resolve } from 'node:path';
import { UsageError } from '../../core/errors.ts';
import { historyDashboard } from '../../dashboard/history-dashboard.ts';
import { metricsDashboard, REFERENCE_VIEWS } from '../../dashboard/metrics-dashboards.ts';
import { writeDashboard } from '../../dashboard/write-dashboard.ts';
import { HistoryStore } from '../../history/history-store.ts';
import { MetricsFile } from '../../observability/metrics-file.ts';
import { formatNumber } from '../../report/format.ts';
import { parseDuration, parseSince } from '../durations.ts';
import type { CliIo } from '../io.ts';
import type { DashboardOptions } from './dashboard.ts';
import { historySettings } from './history-actions.ts';
import type { MetricsQueryOptions } from './metrics.ts';

export async function dashboardCommand(io: CliIo, opts: DashboardOptions): Promise<number> {
  const { config, file } = await historySettings(io, opts);
  const sinceMs = opts.since !== undefined ? parseSince(opts.since, Date.now()) : undefined;
  const store = new HistoryStore(file);
  try {
    const model = historyDashboard(store, {
      ...config.changePoints,
      metric: opts.metric,
      sinceMs,
      branch: opts.branch,
    });
    // Grafana's annotation query reads the change points from the database.
    store.replaceChangePoints(
      model.panels.flatMap((p) =>
        p.changePoints.map((c) => ({ series: p.title, time: c.t / 1000, text: `${p.title}: ${c.label}` })),
      ),
    );
    const out = await writeDashboard(resolve(io.cwd, opts.out), 'index', model);
    io.out.write(
      `dashboard: ${model.panels.length} panel(s) over ${model.runs.length} run(s)\n  ${out.html}\n  ${out.grafana} (import in Grafana with the SQLite data source on ${file})\n`,
    );
    return 0;
  } finally {
    store.close();
  }
}

export async function dashboardGenerateCommand(io: CliIo, opts: { store: string; out: string }): Promise<number> {
  const file = new MetricsFile(resolve(io.cwd, opts.store));
  try {
    for (const view of REFERENCE_VIEWS) {
      const model = metricsDashboard(file, view, { subtitle: opts.store });
      const out = await writeDashboard(resolve(io.cwd, opts.out), view.name, model);
      io.out.write(
        `${view.title}: ${model.panels.length} panel(s), ${model.events.length} alert(s)\n  ${out.html}\n  ${out.grafana}\n`,
      );
    }
    return 0;
  } finally {
    file.close();
  }
}

export async function metricsQueryCommand(io: CliIo, opts: MetricsQueryOptions): Promise<number> {
  const file = new MetricsFile(resolve(io.cwd, opts.store));
  try {
    const types = file.types();
    if (!opts.type?.length) {
      if (opts.json) io.out.write(`${JSON.stringify({ types }, null, 2)}\n`);
      else for (const t of types) io.out.write(`${t.type}  ${t.count} record(s)  ts ${t.first}..${t.last}\n`);
      return 0;
    }
    const unknown = opts.type.filter((t) => !types.some((k) => k.type === t));
    if (unknown.length)
      throw new UsageError(
        `--type: no records of ${unknown.map((t) => `'${t}'`).join(', ')} in ${opts.store} (types: ${types.map((t) => t.type).join(', ') || 'none'})`,
      );
    let limit: number | undefined;
    if (opts.limit !== undefined) {
      limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1)
        throw new UsageError(`--limit must be a positive integer, got '${opts.limit}'`);
    }
    const sinceMs = opts.since !== undefined ? parseSince(opts.since, file.latestTs() ?? Date.now()) : undefined;
    const rows = file.query({ types: opts.type, sinceMs, limit });
    if (opts.json) io.out.write(`${JSON.stringify({ records: rows }, null, 2)}\n`);
    else
      for (const r of rows)
        io.out.write(
          `${r.ts}  ${r.type}  ${formatNumber(r.value)}${r.context ? `  ${JSON.stringify(r.context)}` : ''}\n`,
        );
    return 0;
  } finally {
    file.close();
  }
}

export async function metricsCleanupCommand(
  io: CliIo,
  opts: { store: string; retention: string; now?: string },
): Promise<number> {
  const retentionMs = parseDuration(opts.retention, '--retention');
  let now: number | undefined;
  if (opts.now !== undefined) {
    now = Date.parse(opts.now);
    if (Number.isNaN(now)) throw new UsageError(`--now must be an ISO date/time, got '${opts.now}'`);
  }
  const file = new MetricsFile(resolve(io.cwd, opts.store), { write: true });
  try {
    const from = now ?? file.latestTs() ?? Date.now();
    const deleted = file.cleanup(from, retentionMs);
    io.out.write(
      `metrics cleanup: deleted ${deleted} record(s) older than ${opts.retention} before ts ${from} from ${opts.store}\n`,
    );
    return 0;
  } finally {
    file.close();
  }
}

export async function alertsStatusCommand(io: CliIo, opts: { store: string; json?: boolean }): Promise<number> {
  const file = new MetricsFile(resolve(io.cwd, opts.store));
  try {
    const rules = file.alertStates();
    const channels = file.channelStates();
    if (opts.json) {
      io.out.write(`${JSON.stringify({ rules, channels }, null, 2)}\n`);
      return 0;
    }
    if (rules.length === 0) io.out.write(`no alert state in ${opts.store}\n`);
    for (const r of rules) {
      const def = r.metric ? ` (${r.metric} ${r.op} ${r.threshold})` : '';
      io.out.write(
        `${r.state === 'firing' ? '🔥 firing' : '✓ ok    '}  ${r.rule}${def}  fired ${r.fired}, suppressed ${r.suppressed}${r.lastFiredAtMs !== undefined ? `, last at ts ${r.lastFiredAtMs}` : ''}\n`,
      );
    }
    for (const c of channels) {
      io.out.write(
        `channel ${c.channel}: delivered ${c.delivered}, failed ${c.failed}, retries ${c.retries}, dropped ${c.dropped}${c.queued ? `, ${c.queued} still pending` : ''}${c.lastError ? `, last error: ${c.lastError}` : ''}\n`,
      );
    }
    return 0;
  } finally {
    file.close();
  }
}
