/**
 * Notes that count benchmarks ("3 benchmark(s) not comparable with the stored figures ..."), kept as
 * the benchmarks they count until the report is written. A shard counts only its own files; `gauntlet
 * report merge` joins the shards' entries and counts them over the whole suite, so that the merged
 * notes read as one unsharded run's would.
 */

/** A benchmark whose stored figures are not comparable here. */
export interface IncomparableEntry {
  id: string;
  file: string;
  /** What differs (the fingerprint parts, the calibration figures). */
  differences: string[];
  /** The base measured now instead, interleaved with the head (undefined: the benchmark is a warning, not judged). */
  measuredNow?: string;
}

export interface CountedNotes {
  /** Instruction-clock benchmarks timed on the CPU clock instead, or counted by n/2n (`to`), per reason (valgrind missing, ...). */
  fellBack: Array<{ reason: string; ids: string[]; to?: 'n-2n' }>;
  /** Benchmarks whose stored figures are not comparable here, in the order the run measured them. */
  incomparable: IncomparableEntry[];
  /** Wall-clock benchmarks whose stored figures did not pass the screen: judged against the base measured now (phases/same-round.ts; absent before session 7). */
  screened?: Array<{ id: string; file: string; measuredNow: string }>;
}

export const noCountedNotes = (): CountedNotes => ({ fellBack: [], incomparable: [], screened: [] });

const unique = <T>(xs: Iterable<T>): T[] => [...new Set(xs)];

/** The note lines, in the order one run writes them. */
export function countedNoteLines(c: CountedNotes): string[] {
  const lines = c.fellBack.map((f) =>
    f.to === 'n-2n'
      ? `instruction clock without the valgrind hooks (${f.reason}): ${f.ids.length} benchmark(s) counted as the difference of two whole-process counts (n and 2n iterations)`
      : `instruction clock unavailable (${f.reason}): ${f.ids.length} benchmark(s) timed on the CPU clock instead`,
  );
  for (const label of unique(c.incomparable.map((x) => x.measuredNow))) {
    const these = c.incomparable.filter((x) => x.measuredNow === label);
    const why = unique(these.flatMap((x) => x.differences)).join('; ');
    lines.push(
      label === undefined
        ? `${these.length} benchmark(s) not comparable with the stored figures, which are not judged: ${why}`
        : `${these.length} benchmark(s) not comparable with the stored figures (${why}): ${label} measured now, interleaved with the head`,
    );
  }
  for (const label of unique((c.screened ?? []).map((x) => x.measuredNow))) {
    const n = c.screened!.filter((x) => x.measuredNow === label).length;
    lines.push(
      `${n} wall-clock benchmark(s) did not pass the screen of their stored figures (a slowdown, or one they cannot rule out, on a host whose load moves wall time): ${label} measured now, interleaved with the head, and judged instead`,
    );
  }
  return lines;
}

/**
 * Join the shards' counted notes (in shard order) as one run over all `files` would have counted them:
 * one entry per reason, benchmarks in the order of their files (a run measures file by file).
 */
export function mergeCountedNotes(parts: readonly CountedNotes[], files: readonly string[]): CountedNotes {
  const fellBack = new Map<string, CountedNotes['fellBack'][number]>();
  for (const f of parts.flatMap((p) => p.fellBack)) {
    const key = `${f.to ?? ''}\0${f.reason}`;
    fellBack.set(key, { ...f, ids: unique([...(fellBack.get(key)?.ids ?? []), ...f.ids]) });
  }
  const at = (file: string) => {
    const i = files.indexOf(file);
    return i < 0 ? files.length : i;
  };
  const incomparable = parts
    .flatMap((p) => p.incomparable)
    .map((x, i) => ({ x, i }))
    .sort((a, b) => at(a.x.file) - at(b.x.file) || a.i - b.i)
    .map(({ x }) => x);
  const screened = parts
    .flatMap((p) => p.screened ?? [])
    .map((x, i) => ({ x, i }))
    .sort((a, b) => at(a.x.file) - at(b.x.file) || a.i - b.i)
    .map(({ x }) => x);
  return { fellBack: [...fellBack.values()], incomparable, screened };
}
