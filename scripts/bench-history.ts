/**
 * The history store at scale: 1,000 runs x 200 metrics appended to a SQLite file (time per append,
 * median), then the queries the CLI makes (series list, one series' points, trends over all 200
 * series) and the dashboard generation (model + HTML + Grafana JSON) for all 1,000 runs; db size;
 * then PELT alone on one series of 250 to 5,000 points with no shift, one shift, and a shift every
 * 100 points (why the dashboard searches the newest 500 points of each series).
 *   npx tsx scripts/bench-history.ts
 */
import { mkdtempSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '../harness/core/rng.ts';
import { renderDashboardHtml } from '../harness/dashboard/dashboard-html.ts';
import { grafanaDashboard } from '../harness/dashboard/grafana-dashboard.ts';
import { historyDashboard } from '../harness/dashboard/history-dashboard.ts';
import type { HistoryRun } from '../harness/history/history-record.ts';
import { HistoryStore } from '../harness/history/history-store.ts';
import { findTrends } from '../harness/history/trends.ts';
import { levelShifts } from '../harness/stats/latest-shift.ts';

const RUNS = 1_000;
const METRICS = 200;
const rng = createRng(7);
const machine = { fingerprint: 'bench', cpu: 'x', cores: 2, platform: 'linux', arch: 'x64', node: process.version };
const series = Array.from({ length: METRICS }, (_, i) => ({
  kind: ['bench', 'stress', 'canary', 'drift'][i % 4]!,
  suite: `suite-${i % 10}`,
  check: `check ${Math.floor(i / 10)}`,
  metric: i % 3 ? 'median_ms' : 'p95_ms',
}));
const run = (i: number): HistoryRun => ({
  schemaVersion: 1,
  runId: `run-${i}`,
  date: new Date(Date.UTC(2026, 0, 1) + i * 3_600_000).toISOString(),
  commit: i.toString(16).padStart(40, '0'),
  branch: 'main',
  machine,
  verdict: 'pass',
  metrics: series.map((s, k) => ({
    ...s,
    value: (10 + k) * (1 + 0.03 * rng.normal()) * (i >= RUNS - 15 && k % 7 === 0 ? 1.1 : 1),
  })),
});

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const time = <T>(f: () => T): [T, number] => {
  const t0 = performance.now();
  const r = f();
  return [r, performance.now() - t0];
};

const file = join(mkdtempSync(join(tmpdir(), 'gauntlet-bench-history-')), 'history.sqlite');
const store = new HistoryStore(file);
const appends: number[] = [];
for (let i = 0; i < RUNS; i++) appends.push(time(() => store.append([run(i)]))[1]);
const [list, listMs] = time(() => store.series());
const pointsMs = median(Array.from({ length: 20 }, (_, i) => time(() => store.points(list[i * 7]!.id))[1]));
const [trends, trendsMs] = time(() => findTrends(store, series));
const [model, modelMs] = time(() => historyDashboard(store, {}));
const [html, htmlMs] = time(() => renderDashboardHtml(model));
const [grafana, grafanaMs] = time(() => JSON.stringify(grafanaDashboard(model)));
store.close();
const size = statSync(file).size + (statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0);

const f = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(0));
console.log(`# History store: ${RUNS} runs x ${METRICS} metrics\n`);
console.log(
  `Measured ${new Date().toISOString()}, Node ${process.version}, ${cpus()[0]?.model} (nproc ${cpus().length}), load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}.\n`,
);
console.log('| what | figure |');
console.log('|---|---|');
console.log(
  `| append one run (200 metrics, one transaction), median of ${RUNS} | ${f(median(appends))} ms (p90 ${f([...appends].sort((a, b) => a - b)[Math.floor(RUNS * 0.9)]!)} ms) |`,
);
console.log(
  `| database size (file + WAL) | ${(size / 2 ** 20).toFixed(1)} MiB (${Math.round(size / RUNS)} bytes per run) |`,
);
console.log(`| list all ${list.length} series with point counts | ${f(listMs)} ms |`);
console.log(`| one series' ${RUNS} points, median of 20 | ${f(pointsMs)} ms |`);
console.log(
  `| trends (PELT) over all ${METRICS} series, last 200 points each | ${f(trendsMs)} ms (${trends.length} planted +10% shifts found of ${Math.ceil(METRICS / 7)}) |`,
);
console.log(
  `| dashboard model, ${model.panels.length} panels x ${RUNS} runs (incl. change points over the last 500 runs) | ${f(modelMs)} ms |`,
);
console.log(`| dashboard HTML | ${f(htmlMs)} ms (${(html.length / 2 ** 20).toFixed(1)} MiB) |`);
console.log(`| Grafana JSON | ${f(grafanaMs)} ms (${(grafana.length / 1024).toFixed(0)} KiB) |`);

// PELT's pruning drops a candidate split once it can never be optimal again; it keeps the cost linear
// only when change points keep coming (Killick et al. 2012, section 3.1). Without them every earlier
// split stays a candidate and the search is quadratic: hence the dashboard's 500-point span.
const SIZES = [250, 500, 1000, 2000, 5000];
const shapes: Array<[string, (i: number, n: number) => number]> = [
  ['no shift', () => 1],
  ['one +10% shift (middle)', (i, n) => (i >= n / 2 ? 1.1 : 1)],
  ['a +10% shift every 100 points', (i) => (Math.floor(i / 100) % 2 ? 1.1 : 1)],
];
console.log(`\n## PELT on one series (3% noise, minSize 4), ms, median of 5\n`);
console.log(`| series | ${SIZES.map((n) => `n = ${n}`).join(' | ')} |`);
console.log(`|---|${SIZES.map(() => '---').join('|')}|`);
for (const [label, level] of shapes) {
  const cells = SIZES.map((n) => {
    const xs = Array.from({ length: n }, (_, i) => 100 * level(i, n) * (1 + 0.03 * rng.normal()));
    return f(median(Array.from({ length: 5 }, () => time(() => levelShifts(xs, { minSize: 4 }))[1])));
  });
  console.log(`| ${label} | ${cells.join(' | ')} |`);
}
