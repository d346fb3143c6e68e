/**
 * `gauntlet report merge` for bench: the shards' measured pairs judged as one Holm family over the
 * whole suite (in the order an unsharded run judges them, with the run's random stream), the
 * flagged ones confirmed from the shards' re-runs (again as one family), and the report phase run
 * once over all checks. What one unsharded run with the same measurements reports.
 */
import { createRng } from '../../core/rng.ts';
import type { SuiteReport } from '../../core/report.ts';
import type { HistoryEntry } from '../history.ts';
import { judge, outcome, type Judgement, type Pair } from './compare.ts';
import { confirmedChecks } from './confirm.ts';
import { mergeCountedNotes, noCountedNotes } from './counted-notes.ts';
import { benchReport, calibrationFigures } from './report.ts';
import { withScreenLines } from './same-round.ts';
import { withFileDurations, type BenchShardData } from './shard.ts';

/** Join the shards' parts of one bench suite (in shard order, every file measured once). */
export function mergeBenchShards(parts: SuiteReport[]): SuiteReport {
  const datas = parts.map((p) => p.shardPart!.data as BenchShardData);
  const first = datas[0]!;
  const fileIndex = new Map(first.files.map((f, i) => [f, i]));
  const inRunOrder = <T>(items: Array<{ stage: number; file: string; item: T }>): T[] =>
    items
      .map((x, at) => ({ ...x, at }))
      .sort((a, b) => a.stage - b.stage || fileIndex.get(a.file)! - fileIndex.get(b.file)! || a.at - b.at)
      .map((x) => x.item);

  const judgeOptions = { ...first.judge, random: createRng(first.seed).float };
  const pairs = inRunOrder(
    datas.flatMap((d) => d.pairs.map((p) => ({ stage: p.stage, file: p.pair.m.file, item: p.pair }))),
  );
  const judgements = judge(pairs, judgeOptions);

  // Confirmation: the benchmarks the whole family flags, judged on their re-runs as one family.
  const flagged = judgements.filter((j) => outcome(j).change === 'regressed');
  const reruns = new Map(datas.flatMap((d) => d.reruns).map((p) => [p.m.id, p]));
  const confirmation = new Map<string, Judgement | undefined>();
  const notes: string[] = [];
  if (first.confirm.confirm && !first.confirm.saving && flagged.length) {
    const again = inRunOrder(
      flagged
        .map((j) => reruns.get(j.m.id))
        .filter((p): p is Pair => p !== undefined)
        .map((p) => ({ stage: 0, file: p.m.file, item: p })),
    );
    const rerun = again.length ? judge(again, judgeOptions) : [];
    for (const j of flagged)
      confirmation.set(
        j.m.id,
        rerun.find((r) => r.m.id === j.m.id),
      );
    const unconfirmed = flagged.filter((j) => !reruns.has(j.m.id)).length;
    if (unconfirmed)
      notes.push(
        `${unconfirmed} benchmark(s) flagged by the whole suite's Holm family were not re-run by their shard: not failed`,
      );
  }
  const fileMs = new Map(datas.flatMap((d) => Object.entries(d.fileMs)));
  const checks = withFileDurations(
    [
      ...datas.flatMap((d) => d.checks),
      ...datas.reduce(
        (cs, d) => (d.screened?.length ? withScreenLines(cs, d.screened, d.screenLabel ?? 'the base') : cs),
        confirmedChecks(judgements, confirmation, first.confirm),
      ),
    ],
    fileMs,
  );
  // One median per unit, as an unsharded run reports them: a median over ms and instruction counts together meant nothing.
  const cals = calibrationFigures(datas.flatMap((d) => d.cals));
  const baseLabel =
    datas.map((d) => d.report.baseLabel).find((l) => l !== undefined && l !== 'baseline') ??
    datas.map((d) => d.report.baseLabel).find((l) => l !== undefined);
  return {
    ...benchReport({
      ...first.report,
      checks,
      notes: [...new Set([...datas.flatMap((d) => d.report.notes), ...notes])],
      counted: mergeCountedNotes(
        datas.map((d) => d.report.counted ?? noCountedNotes()),
        first.files,
      ),
      trend: mergedTrend(datas.map((d) => d.trend)),
      baseLabel,
      calibration: cals,
      durationMs: parts.reduce((a, p) => a + p.durationMs, 0),
    }),
    name: parts[0]!.name,
  };
}

/** Every shard read the same history and added its own benchmarks as the last line: one line for the run. */
function mergedTrend(trends: HistoryEntry[][]): HistoryEntry[] {
  const first = trends[0] ?? [];
  const last = first.at(-1);
  if (!last) return first;
  const benchmarks = Object.assign({}, ...trends.map((t) => t.at(-1)?.benchmarks ?? {})) as HistoryEntry['benchmarks'];
  return [...first.slice(0, -1), { ...last, benchmarks }];
}
