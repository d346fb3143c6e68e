// Child process for the concurrency test: opens its own store on the shared file and writes
// `count` records in batches of `batch`, each in its own transaction.
import { MetricsStore } from './metrics-store.ts';

const [file, writer, count, batch] = process.argv.slice(2);
const store = new MetricsStore(file, { busyTimeoutMs: 20_000 });
const n = Number(count);
const b = Number(batch);
for (let i = 0; i < n; i += b) {
  const rows = [];
  for (let j = i; j < Math.min(n, i + b); j++)
    rows.push({ ts: j, type: 'selection_entropy', value: j / n, context: { writer: Number(writer), seq: j } });
  if (b === 1) store.record(rows[0]!);
  else store.recordMany(rows);
}
store.close();
