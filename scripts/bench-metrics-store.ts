// Throughput of the SQLite metrics store (target: >= 1,000 records/s). Run: npx tsx scripts/bench-metrics-store.ts
// Prints medians over 5 rounds for single-row commits to a WAL file, batched commits, and the
// in-memory store the drift simulation uses, with the raw better-sqlite3 insert as the reference.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MetricsStore } from '../sut/metrics-store/index.ts';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rec = (i: number) => ({ ts: i, type: 'selection_entropy', value: Math.sin(i), context: { i } });

function rate(n: number, fn: () => void): number {
  const t0 = performance.now();
  fn();
  return n / ((performance.now() - t0) / 1000);
}

const dir = mkdtempSync(join(tmpdir(), 'bench-metrics-'));
const rounds = 5;
const results: Record<string, number[]> = {
  'single-row commits, WAL file': [],
  'batches of 100, WAL file': [],
  'batches of 100, :memory:': [],
  'raw better-sqlite3 single-row, WAL file (reference)': [],
};
for (let r = 0; r < rounds; r++) {
  const n = 5_000;
  let s = new MetricsStore(join(dir, `single-${r}.db`));
  results['single-row commits, WAL file']!.push(
    rate(n, () => {
      for (let i = 0; i < n; i++) s.record(rec(i));
    }),
  );
  s.close();
  s = new MetricsStore(join(dir, `batch-${r}.db`));
  results['batches of 100, WAL file']!.push(
    rate(n * 10, () => {
      for (let i = 0; i < n * 10; i += 100) s.recordMany(Array.from({ length: 100 }, (_, j) => rec(i + j)));
    }),
  );
  s.close();
  s = new MetricsStore(':memory:');
  results['batches of 100, :memory:']!.push(
    rate(n * 10, () => {
      for (let i = 0; i < n * 10; i += 100) s.recordMany(Array.from({ length: 100 }, (_, j) => rec(i + j)));
    }),
  );
  s.close();
  const db = new Database(join(dir, `raw-${r}.db`));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE m (id INTEGER PRIMARY KEY, ts INTEGER, type TEXT, value REAL, context TEXT)');
  const ins = db.prepare('INSERT INTO m (ts, type, value, context) VALUES (?, ?, ?, ?)');
  results['raw better-sqlite3 single-row, WAL file (reference)']!.push(
    rate(n, () => {
      for (let i = 0; i < n; i++) ins.run(i, 'selection_entropy', Math.sin(i), JSON.stringify({ i }));
    }),
  );
  db.close();
}
rmSync(dir, { recursive: true, force: true });
const ref = median(results['raw better-sqlite3 single-row, WAL file (reference)']!);
console.log(`metrics store throughput, median of ${rounds} rounds (target >= 1,000 records/s)`);
for (const [name, xs] of Object.entries(results))
  console.log(
    `${name.padEnd(55)} ${Math.round(median(xs)).toLocaleString('en-US').padStart(12)} records/s  (x${(median(xs) / ref).toFixed(2)} of raw)`,
  );
