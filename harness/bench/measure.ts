/**
 * Runs bench files repeatedly, one fresh process per file and repetition, and collects each
 * benchmark's repetitions. For `--against`, base and head run interleaved pair by pair (the order
 * alternates, ABBA, so a slow drift of the machine's load hits both sides alike).
 */
import { join } from 'node:path';
import type { BenchOptions } from './api.ts';
import { benchId } from './discover.ts';
import type { RepetitionResult } from './protocol.ts';
import { runFileOnce, type FileRunOptions } from './run-file.ts';

export interface Side {
  /** Project root the files and processes run in. */
  root: string;
  files: string[];
}

export interface MeasureOptions {
  benchDir: string;
  repetitions: number;
  defaults: FileRunOptions['defaults'];
  calibrationTime: number;
  timeoutMs: number;
  /** Only the benchmarks whose id this accepts (all when absent). */
  select?: (id: string) => boolean;
  /** Exactly these benchmark names per file (confirmation re-runs); other files are skipped. */
  names?: Map<string, string[]>;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  onProgress?: (done: number, total: number, label: string) => void;
}

export interface MeasuredBench {
  id: string;
  file: string;
  name: string;
  options: BenchOptions;
  reps: RepetitionResult[];
  /** Error messages, one per failed repetition. */
  errors: string[];
}

export interface Measurement {
  benches: Map<string, MeasuredBench>;
  /** Files that did not load: relative file -> message. */
  fileErrors: Map<string, string>;
}

const emptyMeasurement = (): Measurement => ({ benches: new Map(), fileErrors: new Map() });

async function runRep(side: Side, file: string, o: MeasureOptions, into: Measurement): Promise<void> {
  if (into.fileErrors.has(file) || (o.names && !o.names.has(file))) return;
  const known = [...into.benches.values()].filter((b) => b.file === file);
  // The names in a file are known after its first load; later repetitions run only the selected ones.
  const only = o.names?.get(file) ?? (o.select && known.length ? known.filter((b) => o.select!(b.id)).map((b) => b.name) : undefined);
  const r = await runFileOnce({
    file: join(side.root, file),
    cwd: side.root,
    only,
    defaults: o.defaults,
    calibrationTime: o.calibrationTime,
    timeoutMs: o.timeoutMs,
    signal: o.signal,
    env: o.env,
  });
  if (r.loadError !== undefined) {
    into.fileErrors.set(file, r.loadError);
    return;
  }
  for (const b of r.benchmarks) {
    const id = benchId(file, o.benchDir, b.name);
    if (o.select && !o.select(id)) continue;
    let m = into.benches.get(id);
    if (!m) into.benches.set(id, (m = { id, file, name: b.name, options: b.options, reps: [], errors: [] }));
    const res = r.results.get(b.name);
    if (res) m.reps.push(res);
    else m.errors.push(r.errors.get(b.name) ?? 'no result (the run was cut short)');
  }
}

/** K repetitions of every file of one side. Repetitions are the outer loop, so a burst of load spreads over files. */
export async function measure(side: Side, o: MeasureOptions): Promise<Measurement> {
  const out = emptyMeasurement();
  const total = o.repetitions * side.files.length;
  let done = 0;
  for (let rep = 0; rep < o.repetitions; rep++) {
    for (const file of side.files) {
      if (o.signal?.aborted) return out;
      o.onProgress?.(done, total, `repetition ${rep + 1}/${o.repetitions}: ${file}`);
      await runRep(side, file, o, out);
      done++;
    }
  }
  o.onProgress?.(total, total, 'done');
  return out;
}

/** Interleaved base/head pairs: repetition i of a file runs base then head, or head then base (alternating). */
export async function measureInterleaved(base: Side, head: Side, o: MeasureOptions): Promise<{ base: Measurement; head: Measurement }> {
  const b = emptyMeasurement();
  const h = emptyMeasurement();
  const files = head.files.filter((f) => base.files.includes(f));
  const total = o.repetitions * files.length * 2;
  let done = 0;
  for (let rep = 0; rep < o.repetitions; rep++) {
    for (const file of files) {
      const order: Array<[Side, Measurement, string]> = [
        [base, b, 'base'],
        [head, h, 'head'],
      ];
      if (rep % 2 === 1) order.reverse();
      for (const [side, into, label] of order) {
        if (o.signal?.aborted) return { base: b, head: h };
        o.onProgress?.(done, total, `pair ${rep + 1}/${o.repetitions}: ${label} ${file}`);
        await runRep(side, file, o, into);
        done++;
      }
    }
  }
  // Head-only files are measured too (they show as new).
  for (const file of head.files.filter((f) => !base.files.includes(f))) {
    for (let rep = 0; rep < o.repetitions; rep++) await runRep(head, file, o, h);
  }
  return { base: b, head: h };
}
