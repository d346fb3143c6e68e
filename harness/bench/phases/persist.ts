/**
 * Phase 5, persist: store this run as the baseline when asked and allowed (baselines/policy.ts:
 * never in CI, never with --against, never after an error or an interrupted run), with the
 * machine's fingerprint; return the trend the report draws: this suite's earlier runs from the
 * history store (written by the CLI's history step, `--history`), or from the legacy JSONL file
 * while the store holds none, then this run.
 */
import { relative } from 'node:path';
import { refuseSave } from '../../baselines/policy.ts';
import { median } from '../../stats/index.ts';
import { writeBenchBaseline, BENCH_BASELINE_VERSION, type BenchBaseline } from '../baseline.ts';
import type { Fingerprint } from '../fingerprint.ts';
import type { RunHistory } from '../../core/suite-kind.ts';
import { readHistory, storedTrend, type HistoryEntry } from '../history.ts';
import type { Measurement } from '../measure.ts';
import { SKETCH_PROBABILITIES, sketchMedian, sketchQuantile } from '../sketch.ts';
import { storedDifferences } from './plan.ts';
import { calibrationFigures, type CalibrationFigures } from './report.ts';

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
  history: { store?: RunHistory; suite: string; legacyFile: string; limit: number; location: number };
}

export interface Persisted {
  notes: string[];
  /** History lines to draw, oldest first, ending with this run. */
  trend: HistoryEntry[];
  /** Median of the sort calibration workload over this run's processes, per clock (ms, instructions). */
  calibration?: CalibrationFigures;
}

/**
 * Why a save of some benchmarks (-t, a shard) is refused: the stored baseline keeps one provenance (commit,
 * fingerprint) for all its benchmarks, so the others' figures may only be kept beside new ones measured at
 * the same commit on a machine with the same fingerprint (else they would be stored under this machine's
 * fingerprint and later judged here directly). Undefined: the save may go ahead.
 */
export function partialSaveRefusal(
  stored: BenchBaseline | undefined,
  gitCommit: string | undefined,
  here: Fingerprint,
): string | undefined {
  if (!stored) return undefined;
  const why = (what: string) =>
    `baseline not saved: -t or --shard saves only some benchmarks, and the stored baseline's other figures were measured ${what}: save the whole suite (without -t or --shard)`;
  const was = stored.provenance.gitCommit;
  if (was !== undefined && was !== gitCommit)
    return why(`at ${was.slice(0, 12)}, not at ${gitCommit ? gitCommit.slice(0, 12) : 'this uncommitted tree'}`);
  const differences = storedDifferences(stored, here);
  return differences.length ? why(`on another machine (${differences.join('; ')})`) : undefined;
}

export async function persistRun(i: PersistInput): Promise<Persisted> {
  const notes: string[] = [];
  const reps = [...i.head.benches.values()].flatMap((m) => m.reps);
  const calibrationMs = reps.length ? median(reps.map((r) => r.cal)) : undefined;
  const figures = calibrationFigures(reps);
  if (i.save) {
    const refused =
      refuseSave({
        ci: i.ci,
        against: i.save.against,
        verdict: i.anyError ? 'error' : 'pass',
        aborted: i.aborted,
      }) ?? (i.save.partial ? partialSaveRefusal(i.save.stored, i.gitCommit, i.fingerprint) : undefined);
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
  const earlier = Math.max(0, i.history.limit - 1);
  let history = i.history.store
    ? storedTrend(i.history.store, i.history.suite, Object.keys(line.benchmarks), earlier)
    : [];
  if (history.length === 0) {
    history = earlier ? (await readHistory(i.history.legacyFile)).slice(-earlier) : [];
    const file = relative(i.rootDir, i.history.legacyFile);
    if (history.length)
      notes.push(
        `trend from the legacy bench history ${file}: \`gauntlet history import ${file}\` moves it into the history store`,
      );
  }
  return { notes, trend: [...history, line], calibration: figures };
}
