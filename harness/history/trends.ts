/**
 * Level shifts in the history of the metrics a run reported: for each series, the points on the
 * watched branch (main), PELT through latestLevelShift, and one sentence a reviewer reads:
 * "select 10,000 median_ms got 9% slower across the last 12 commits, starting at 1a2b3c4".
 */
import type { Trend } from '../core/report.ts';
import { latestLevelShift, type ShiftOptions } from '../stats/latest-shift.ts';
import type { HistoryMetric } from './history-record.ts';
import type { HistoryPoint, HistoryStore } from './history-store.ts';

export interface TrendOptions extends ShiftOptions {
  /** The branch whose history is watched. Default 'main'. */
  branch?: string;
  /** Only this machine's runs (timings from different hardware do not mix). Default: all machines. */
  machine?: string;
  /** Points looked at per series (the newest). Default 200. */
  lookback?: number;
}

const TIME_METRIC = /(^|[_\s.-])(ms|us|ns|seconds?|secs?|latency|duration|time)($|[_\s.-])|Ms$/i;

const pct = (x: number) =>
  `${Math.abs(x * 100) >= 10 ? Math.round(Math.abs(x * 100)) : Math.round(Math.abs(x * 1000)) / 10}%`;

/** The sentence for a shift of one series. */
export function describeShift(
  m: Pick<HistoryMetric, 'suite' | 'check' | 'metric'>,
  relativeChange: number,
  commits: number,
  runs: number,
  start?: string,
): string {
  const what = `${m.check || m.suite} ${m.metric}`;
  const change = TIME_METRIC.test(m.metric)
    ? `got ${pct(relativeChange)} ${relativeChange > 0 ? 'slower' : 'faster'}`
    : `${relativeChange > 0 ? 'rose' : 'fell'} ${pct(relativeChange)}`;
  const span =
    commits > 0
      ? `across the last ${commits} commit${commits === 1 ? '' : 's'}`
      : `across the last ${runs} run${runs === 1 ? '' : 's'}`;
  return `${what} ${change} ${span}${start ? `, starting at ${start.slice(0, 7)}` : ''}`;
}

/** The trend of one series' points (oldest first), if its latest level shift is recent and large enough. */
export function trendOf(
  m: Omit<HistoryMetric, 'value'>,
  points: readonly HistoryPoint[],
  options: ShiftOptions = {},
): Trend | undefined {
  const shift = latestLevelShift(
    points.map((p) => p.value),
    options,
  );
  if (!shift) return undefined;
  const since = points.slice(shift.index);
  const start = since[0]!;
  const commits = new Set(since.map((p) => p.commit).filter(Boolean)).size;
  return {
    kind: m.kind,
    suite: m.suite,
    check: m.check,
    metric: m.metric,
    relativeChange: shift.relativeChange,
    before: shift.before,
    after: shift.after,
    runsSince: shift.runsSince,
    commitsSince: commits,
    startDate: start.date,
    ...(start.commit ? { startCommit: start.commit } : {}),
    message: describeShift(m, shift.relativeChange, commits, shift.runsSince, start.commit),
  };
}

/** Trends of the given series (those the current run reported), largest change first. */
export function findTrends(
  store: HistoryStore,
  series: ReadonlyArray<Omit<HistoryMetric, 'value'>>,
  options: TrendOptions = {},
): Trend[] {
  const out: Trend[] = [];
  for (const m of series) {
    const id = store.findSeries(m);
    if (id === undefined) continue;
    const points = store.points(id, {
      branch: options.branch ?? 'main',
      machine: options.machine,
      last: options.lookback ?? 200,
    });
    const t = trendOf(m, points, options);
    if (t) out.push(t);
  }
  return out.sort((a, b) => Math.abs(b.relativeChange) - Math.abs(a.relativeChange));
}
