/**
 * Phase 1, plan: what to measure and what to compare it with, decided before anything runs.
 * Pure over the file list, the stored baseline and this machine's fingerprint, so that splitting
 * the files (shards) or changing the comparison policy is a change here only.
 *
 * The comparison:
 * - `--against <ref>`: that ref is measured now, interleaved with the head (paired).
 * - a stored baseline whose fingerprint matches this machine on every clock it used: its figures
 *   are compared directly (the calibration figures are checked after measuring, compare.ts);
 * - a stored baseline from another machine (or an older gauntlet that did not record enough):
 *   absolute figures from elsewhere are never judged. Its commit, when this repository has it, is
 *   measured now beside the head; otherwise every check is a "not comparable" warning. Instruction
 *   counts are machine-independent when the counter shows both machines the same CPU: then only the
 *   files with timed benchmarks are measured on the base side, and the counts compared with the stored.
 */
import type { BenchBaseline } from '../baseline.ts';
import type { StoredFile } from '../measure.ts';
import { staticDifferences } from '../comparability.ts';
import type { Fingerprint } from '../fingerprint.ts';
import { benchId } from '../discover.ts';
import type { Clock } from '../protocol.ts';

export type BaseSource =
  /** Nothing to compare with: every benchmark is new (the missing-baseline policy applies). */
  | { kind: 'none' }
  /** Stored figures; `commit` is set when that commit can be measured here (for confirmation and calibration mismatches). */
  | { kind: 'stored'; baseline: BenchBaseline; commit?: string }
  /**
   * A git ref measured now, interleaved with the head. With `countsFromStored`, the stored baseline's
   * instruction counts still hold here (only time clocks differ): its files with no timed benchmark
   * to measure are not measured on the base side (storedCountsOnly), and their counts are compared
   * with the stored ones.
   */
  | { kind: 'ref'; ref: string; label: string; baseline?: BenchBaseline; countsFromStored?: boolean };

export interface BenchPlan {
  files: string[];
  repetitions: number;
  /** Only benchmarks whose id contains one of these (`-t`). */
  filter?: string[];
  base: BaseSource;
  /** Store this run as the baseline (`--save`; refused later by policy if the run does not qualify). */
  saving: boolean;
  notes: string[];
}

export interface PlanInput {
  files: string[];
  repetitions: number;
  filter?: string[];
  against?: string;
  saving: boolean;
  stored?: BenchBaseline;
  here: Fingerprint;
  /** Whether a commit is in this repository (git cat-file), injected to keep the plan pure. */
  reachable: (commit: string) => boolean;
}

/** The clocks the stored benchmarks were measured on. */
export function storedClocks(b: BenchBaseline): Clock[] {
  return [...new Set(Object.values(b.benchmarks).flatMap((x) => x.reps.map((r) => r.clock)))].sort();
}

/** What the stored baseline's fingerprint lacks or differs in for any of its clocks ([] = same machine and code, as far as known before measuring). */
export function storedDifferences(stored: BenchBaseline, here: Fingerprint): string[] {
  return [...new Set(storedClocks(stored).flatMap((c) => staticDifferences(stored.provenance.fingerprint, here, c)))];
}

/**
 * Whether the stored instruction counts hold here although its time figures do not: the baseline
 * counted some benchmarks and nothing the counts depend on differs (another CPU model under valgrind,
 * comparability.ts), while a time clock's parts do.
 */
function countsHold(stored: BenchBaseline, here: Fingerprint): boolean {
  const clocks = storedClocks(stored);
  const differ = (c: Clock) => staticDifferences(stored.provenance.fingerprint, here, c).length > 0;
  return clocks.includes('instructions') && !differ('instructions') && clocks.some((c) => c !== 'instructions');
}

const short = (c: string) => c.slice(0, 10);

export function planBench(i: PlanInput): BenchPlan {
  const common = {
    files: i.files,
    repetitions: i.repetitions,
    ...(i.filter?.length ? { filter: i.filter } : {}),
    saving: i.saving,
  };
  if (i.against) return { ...common, base: { kind: 'ref', ref: i.against, label: i.against }, notes: [] };
  if (!i.stored) return { ...common, base: { kind: 'none' }, notes: [] };
  const commit =
    i.stored.provenance.gitCommit && i.reachable(i.stored.provenance.gitCommit)
      ? i.stored.provenance.gitCommit
      : undefined;
  const differences = storedDifferences(i.stored, i.here);
  // Saving needs only this run's figures; comparing with a baseline it replaces would be wasted work.
  if (differences.length === 0 || i.saving)
    return { ...common, base: { kind: 'stored', baseline: i.stored, ...(commit ? { commit } : {}) }, notes: [] };
  const why = `the stored baseline is from another machine (${differences.join('; ')})`;
  if (commit) {
    const counts = countsHold(i.stored, i.here);
    return {
      ...common,
      base: {
        kind: 'ref',
        ref: commit,
        label: `baseline commit ${short(commit)}`,
        baseline: i.stored,
        ...(counts ? { countsFromStored: true } : {}),
      },
      notes: [
        counts
          ? `${why}: its commit ${short(commit)} is measured now for the files with timed benchmarks, interleaved with the head; the instruction counts of the other files are compared with the stored ones (the counter shows both machines the same CPU)`
          : `${why}: its commit ${short(commit)} is measured now, interleaved with the head, and the gate judges that`,
      ],
    };
  }
  const gone = `its commit ${i.stored.provenance.gitCommit ? `${short(i.stored.provenance.gitCommit)} is not in this repository` : 'is not recorded'}`;
  return {
    ...common,
    base: { kind: 'stored', baseline: i.stored },
    notes: [
      countsHold(i.stored, i.here)
        ? `${why}, and ${gone}: the instruction counts are compared with the stored ones (the counter shows both machines the same CPU); no timed benchmark is judged on absolute figures (re-save the baseline on this machine, or use --against <ref>)`
        : `${why}, and ${gone}: nothing is judged on absolute figures (re-save the baseline on this machine, or use --against <ref>)`,
    ],
  };
}

/**
 * With `countsFromStored`, the files the base side need not measure: those the stored baseline has
 * and none of whose stored timed benchmarks `select` accepts (counted only, or timed ones filtered
 * out by `-t`). Their counted benchmarks are compared with the stored counts; a file the baseline
 * does not have is measured on both sides.
 */
export function storedCountsOnly(plan: BenchPlan, benchDir: string, select?: (id: string) => boolean): Set<string> {
  if (plan.base.kind !== 'ref' || !plan.base.countsFromStored) return new Set();
  const out = new Set<string>();
  for (const [file, f] of storedFilesOf(plan, benchDir))
    if (!f.timed.some((name) => !select || select(benchId(file, benchDir, name)))) out.add(file);
  return out;
}

/**
 * Per file, the names of its benchmarks in the stored baseline, counted (instruction clock) or timed
 * (files it has none of are absent): the measurement starts a counted file's counted process without
 * listing the file first, and lets a timed-only file's first timed process learn what it declares.
 */
export function storedFilesOf(plan: BenchPlan, benchDir: string): Map<string, StoredFile> {
  const stored = plan.base.kind === 'none' ? undefined : plan.base.baseline;
  const out = new Map<string, StoredFile>();
  if (!stored) return out;
  for (const file of plan.files) {
    const prefix = benchId(file, benchDir, '');
    const f: StoredFile = { counted: [], timed: [] };
    for (const [id, b] of Object.entries(stored.benchmarks)) {
      if (!id.startsWith(prefix)) continue;
      (b.reps[0]?.clock === 'instructions' ? f.counted : f.timed).push(id.slice(prefix.length));
    }
    if (f.counted.length + f.timed.length > 0) out.set(file, f);
  }
  return out;
}
