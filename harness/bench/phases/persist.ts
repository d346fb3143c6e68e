/**
 * Phase 5, persist: store this run as the baseline when asked and allowed (baselines/policy.ts:
 * never in CI, never with --against, never after an error or an interrupted run), with the
 * machine's fingerprint; append the history line when asked; return the trend the report draws.
 */
import { relative } from 'node:path';
import { refuseSave } from '../../baselines/policy.ts';
import { median } from '../../stats/index.ts';
import { writeBenchBaseline, BENCH_BASELINE_VERSION, type BenchBaseline } from '../baseline.ts';
import type { Fingerprint } from '../fingerprint.ts';
import { appendHistory, readHistory, type HistoryEntry } from '../history.ts';
import type { Measurement } from '../measure.ts';
import { SKETCH_PROBABILITIES, sketchMedian, sketchQuantile } from '../sketch.ts';

export interface PersistInput {
  rootDir: string;
  head: Measurement;
  /** This machine's fingerprint with the run's calibration vectors. */
  fingerprint: Fingerprint;
  gitCommit?: string;
  date: string;
  ci: boolean;
  aborted: boolean;
  /** Some check errored (nothing is written then). */
  anyError: boolean;
  save: { file: string; against?: string; stored?: BenchBaseline; partial: boolean } | undefined;
  history: { file: string; append: boolean; limit: number; location: number };
}

export interface Persisted {
  notes: string[];
  /** History lines to draw, oldest first, ending with this run. */
  trend: HistoryEntry[];
  /** Median of the sort calibration workload over this run's processes (ms). */
  calibrationMs?: number;
}

export async function persistRun(i: PersistInput): Promise<Persisted> {
  const notes: string[] = [];
  const reps = [...i.head.benches.values()].flatMap((m) => m.reps);
  const calibrationMs = reps.length ? median(reps.map((r) => r.cal)) : undefined;
  if (i.save) {
    const refused = refuseSave({
      ci: i.ci,
      against: i.save.against,
      verdict: i.anyError ? 'error' : 'pass',
      aborted: i.aborted,
    });
    if (refused) notes.push(refused);
    else if (reps.length) {
      // A run of some benchmarks (-t) updates those and keeps the others.
      const benchmarks: BenchBaseline['benchmarks'] =
        i.save.partial && i.save.stored ? { ...i.save.stored.benchmarks } : {};
      for (const m of i.head.benches.values())
        if (m.reps.length) benchmarks[m.id] = { reps: m.reps.map((r) => ({ ...r })) };
      const provenance = {
        ...(i.gitCommit ? { gitCommit: i.gitCommit } : {}),
        date: i.date,
        fingerprint: i.fingerprint,
        ...(calibrationMs ? { calibrationMs } : {}),
      };
      await writeBenchBaseline(
        i.save.file,
        {
          schemaVersion: BENCH_BASELINE_VERSION,
          provenance,
          sketchProbabilities: [...SKETCH_PROBABILITIES],
          benchmarks,
        },
        { ci: i.ci },
      );
      notes.push(
        `baseline saved: ${relative(i.rootDir, i.save.file)} (${Object.keys(benchmarks).length} benchmarks, with this machine's fingerprint)`,
      );
    }
  }
  const line: HistoryEntry = {
    date: i.date,
    ...(i.gitCommit ? { gitCommit: i.gitCommit } : {}),
    benchmarks: Object.fromEntries(
      [...i.head.benches.values()]
        .filter((m) => m.reps.length)
        .map((m) => [
          m.id,
          {
            medianMs: median(m.reps.map((r) => sketchMedian(r.q))),
            normalized: median(m.reps.map((r) => sketchQuantile(r.q, i.history.location) / r.cal)),
          },
        ]),
    ),
  };
  const history = await readHistory(i.history.file);
  if (i.history.append) {
    if (i.ci) notes.push('--history ignored: nothing is written to baselines in CI');
    else if (i.anyError) notes.push('history not appended: some benchmarks errored');
    else return { notes, trend: await appendHistory(i.history.file, line, i.history.limit), calibrationMs };
  }
  return { notes, trend: [...history, line], calibrationMs };
}
