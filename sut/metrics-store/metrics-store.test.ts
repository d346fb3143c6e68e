import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MetricsStore, MetricValueError } from './index.ts';

describe('MetricsStore', () => {
  it('stores records with context and queries by type and time range [from, to)', () => {
    const s = new MetricsStore();
    s.recordMany([
      { ts: 1_000, type: 'selection_entropy', value: 0.8, context: { hour: 1 } },
      { ts: 2_000, type: 'selection_entropy', value: 0.5 },
      { ts: 2_000, type: 'curator_apply_budget_used_pct', value: 40 },
      { ts: 3_000, type: 'selection_entropy', value: 0.2 },
    ]);
    expect(s.query({ type: 'selection_entropy', from: 1_000, to: 3_000 })).toEqual([
      { ts: 1_000, type: 'selection_entropy', value: 0.8, context: { hour: 1 } },
      { ts: 2_000, type: 'selection_entropy', value: 0.5 },
    ]);
    expect(s.query({ from: 2_000 }).map((r) => r.type)).toEqual([
      'selection_entropy',
      'curator_apply_budget_used_pct',
      'selection_entropy',
    ]);
    expect(s.query({ type: ['curator_apply_budget_used_pct'] }).map((r) => r.value)).toEqual([40]);
    expect(s.latest('selection_entropy')?.value).toBe(0.2);
    expect(s.latest('novelty_temporal_kld')).toBeUndefined();
    s.close();
  });

  it('rejects non-finite values and rolls back the whole batch', () => {
    const s = new MetricsStore();
    expect(() => s.record({ ts: 1, type: 'x', value: Number.NaN })).toThrow(MetricValueError);
    expect(() =>
      s.recordMany([
        { ts: 1, type: 'x', value: 1 },
        { ts: 2, type: 'x', value: Infinity },
      ]),
    ).toThrow(MetricValueError);
    expect(s.count()).toBe(0);
    s.close();
  });

  it('a query repeated after writes sees them, whatever the number of query shapes (prepared statements are reused)', () => {
    const s = new MetricsStore(':memory:', { retentionMs: 10 });
    for (let ts = 0; ts < 100; ts++) {
      s.record({ ts, type: ts % 2 ? 'odd' : 'even', value: ts });
      expect(s.query({ from: ts, to: ts + 1 }).map((r) => r.value)).toEqual([ts]);
      // 100 different limits: more shapes than the statement cache holds at once.
      expect(s.query({ type: 'even', order: 'desc', limit: ts + 1 })).toHaveLength(Math.floor(ts / 2) + 1);
      expect(s.count('odd')).toBe(Math.floor((ts + 1) / 2));
    }
    expect(s.cleanup(100)).toBe(90);
    expect(s.cleanup(100)).toBe(0);
    expect(s.count()).toBe(10);
    s.close();
  });

  it('transaction: its writes are visible inside, committed together, and all undone when it throws', () => {
    const s = new MetricsStore();
    const seen = s.transaction(() => {
      s.record({ ts: 1, type: 'a', value: 1 });
      s.recordMany([
        { ts: 1, type: 'b', value: 2 },
        { ts: 1, type: 'c', value: 3 },
      ]);
      // A bad batch inside the transaction adds none of its records, and the transaction goes on.
      expect(() =>
        s.recordMany([
          { ts: 1, type: 'd', value: 4 },
          { ts: 1, type: 'd', value: Number.NaN },
        ]),
      ).toThrow(MetricValueError);
      return s.query({ from: 1, to: 2 }).map((r) => r.type);
    });
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(s.count()).toBe(3);
    expect(() =>
      s.transaction(() => {
        s.recordMany([{ ts: 2, type: 'e', value: 5 }]);
        s.record({ ts: 2, type: 'f', value: 6 });
        throw new Error('tick failed');
      }),
    ).toThrow('tick failed');
    expect(s.query().map((r) => r.type)).toEqual(['a', 'b', 'c']);
    s.close();
  });

  it('cleanup deletes exactly the records older than the retention', () => {
    const s = new MetricsStore(':memory:', { retentionMs: 1_000 });
    s.recordMany([0, 500, 999, 1_000, 1_500].map((ts) => ({ ts, type: 't', value: ts })));
    expect(s.cleanup(2_000)).toBe(3);
    expect(s.query().map((r) => r.ts)).toEqual([1_000, 1_500]);
    expect(s.cleanup(2_000, 10_000)).toBe(0);
    s.close();
  });

  it('loses no record when several processes write to one file at once (WAL + busy_timeout)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'metrics-store-'));
    const file = join(dir, 'metrics.db');
    try {
      new MetricsStore(file).close();
      const child = fileURLToPath(new URL('./concurrent-writer.fixture.ts', import.meta.url));
      const writers = 4;
      const perWriter = 300;
      const runs = Array.from(
        { length: writers },
        (_, w) =>
          new Promise<number>((resolve, reject) => {
            // Writers 0 and 1 write single-row transactions, 2 and 3 batches of 25: both paths contend.
            const p = spawn(
              process.execPath,
              ['--import', 'tsx', child, file, String(w), String(perWriter), w < 2 ? '1' : '25'],
              { stdio: ['ignore', 'ignore', 'pipe'] },
            );
            let err = '';
            p.stderr.on('data', (d) => (err += d));
            p.on('error', reject);
            p.on('exit', (code) =>
              code === 0 ? resolve(code) : reject(new Error(`writer ${w} exited ${code}: ${err}`)),
            );
          }),
      );
      await Promise.all(runs);
      const s = new MetricsStore(file);
      expect(s.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(s.count()).toBe(writers * perWriter);
      for (let w = 0; w < writers; w++) {
        const seqs = s
          .query()
          .filter((r) => r.context?.writer === w)
          .map((r) => r.context!.seq as number)
          .sort((a, b) => a - b);
        expect(seqs).toEqual(Array.from({ length: perWriter }, (_, i) => i));
      }
      s.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
