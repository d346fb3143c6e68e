/**
 * Reference benchmarks of the SQLite metrics store (sut/metrics-store): one record per commit and
 * batches of 100 in one transaction, on a WAL file in a temporary folder. The floor is
 * 1,000 records/s; scripts/bench-metrics-store.ts prints records/s against raw better-sqlite3.
 */
import { bench } from 'gauntlet';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MetricsStore, type MetricRecord } from '../../sut/metrics-store/index.ts';

const store = new MetricsStore(join(mkdtempSync(join(tmpdir(), 'gauntlet-metrics-bench-')), 'metrics.db'));
let ts = 0;
const record = (): MetricRecord => ({
  ts: ++ts,
  type: 'selection_entropy',
  value: (ts % 1000) / 1000,
  context: { hour: ts % 24 },
});

bench('metrics store: 10 single-record commits (WAL file)', () => {
  for (let i = 0; i < 10; i++) store.record(record());
});

bench('metrics store: one batch of 100 records (WAL file)', () => {
  store.recordMany(Array.from({ length: 100 }, record));
});
