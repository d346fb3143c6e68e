import { describe, expect, it } from 'vitest';
import type { SuiteReport } from '../../core/report.ts';
import { createRng } from '../../core/rng.ts';
import type { MeasuredBench } from '../measure.ts';
import type { RepetitionResult } from '../protocol.ts';
import { makeSketch } from '../sketch.ts';
import { judge, type Pair } from './compare.ts';
import { confirmedChecks } from './confirm.ts';
import { countedNoteLines, mergeCountedNotes, type CountedNotes, type IncomparableEntry } from './counted-notes.ts';
import { mergeBenchShards } from './merge-shards.ts';
import { benchReport } from './report.ts';
import { benchFilesForShard, fileDurations, type BenchShardData } from './shard.ts';

const rng = createRng(7);
/** One repetition: 200 samples around `ms` with 3% noise. */
const rep = (ms: number): RepetitionResult => {
  const samples = Array.from({ length: 200 }, () => ms * (1 + 0.03 * rng.normal())).sort((a, b) => a - b);
  return { n: samples.length, mean: ms, q: makeSketch(samples), cal: 1, calN: 10, clock: 'cpu' };
};
const reps = (ms: number, k = 5) => Array.from({ length: k }, () => rep(ms * (1 + 0.01 * rng.normal())));
const pair = (file: string, name: string, ratio: number): Pair => {
  const m: MeasuredBench = { id: `${file} > ${name}`, file, name, options: {}, reps: reps(ratio), errors: [] };
  return { m, base: reps(1), label: 'baseline', paired: false, threshold: 0.2, tolerance: 0.05 };
};

const files = ['b/a.bench.ts', 'b/b.bench.ts', 'b/c.bench.ts'];
// Slight slowdowns everywhere (Holm over 6 adjusts more than over 2), one clear regression in b.
const pairs = [
  pair(files[0]!, 'x', 1.01),
  pair(files[0]!, 'y', 1.02),
  pair(files[1]!, 'x', 1.5),
  pair(files[1]!, 'y', 1.01),
  pair(files[2]!, 'x', 1.02),
  pair(files[2]!, 'y', 0.99),
];
const reruns = pairs.map((p) => ({ ...p, m: { ...p.m, reps: reps(p.m.id.includes('b.bench') ? 1.5 : 1) } }));
const judgeSettings = { alpha: 0.01, resamples: 1000, normalize: true, location: 0.1 };
const confirm = { saving: false, confirm: true, rerunBoth: false };
const reportInput = { name: 'bench', dir: 'b', notes: [], repetitions: 5, threshold: 0.2 };

/** What one unsharded run computes from these measurements (kind.ts: judge, confirm, report). */
function unsharded(): SuiteReport {
  const o = { ...judgeSettings, random: createRng(1).float };
  const judgements = judge(pairs, o);
  const flagged = judgements.filter((j) => j.clock === 'time' && j.evaluated.decision.change === 'regressed');
  const again = judge(
    reruns.filter((r) => flagged.some((f) => f.m.id === r.m.id)),
    o,
  );
  const confirmation = new Map(flagged.map((f) => [f.m.id, again.find((a) => a.m.id === f.m.id)]));
  return benchReport({
    ...reportInput,
    checks: confirmedChecks(judgements, confirmation, confirm),
    trend: [],
    durationMs: 0,
  });
}

/** Shard `s` of 3: one file each, every re-run shipped. */
function part(s: number): SuiteReport {
  const mine = pairs.filter((p) => p.m.file === files[s]);
  const data: BenchShardData = {
    files,
    seed: 1,
    judge: judgeSettings,
    pairs: mine.map((p) => ({ stage: 0, pair: p })),
    checks: [],
    reruns: reruns.filter((r) => r.m.file === files[s]),
    confirm,
    report: reportInput,
    trend: [],
    cals: [],
    fileMs: { [files[s]!]: 100 * (s + 1) },
  };
  const local = judge(mine, { ...judgeSettings, random: createRng(1).float });
  return {
    ...benchReport({ ...reportInput, checks: confirmedChecks(local, new Map(), confirm), trend: [], durationMs: 1 }),
    shardPart: {
      index: s + 1,
      total: 3,
      units: 3,
      ran: [s],
      balancedBy: 'counts',
      data: JSON.parse(JSON.stringify(data)),
    },
  };
}

describe('bench shards merged', () => {
  const whole = unsharded();
  const parts = [0, 1, 2].map(part);
  const merged = mergeBenchShards(parts);
  const figures = (r: SuiteReport) => r.checks.map(({ durationMs: _d, ...c }) => c);

  it('judges every benchmark in one Holm family: the checks of one unsharded run', () => {
    expect(merged.verdict).toBe('fail');
    expect(merged.summary).toBe(whole.summary);
    expect(figures(merged)).toEqual(figures(whole));
    expect(merged.checks.find((c) => c.name === 'b/b.bench.ts > x')).toMatchObject({ verdict: 'fail' });
  });

  it('is not the shards side by side: their Holm families were smaller', () => {
    const local = parts.flatMap((p) => p.checks).find((c) => c.name === 'b/a.bench.ts > y')!;
    const joint = merged.checks.find((c) => c.name === 'b/a.bench.ts > y')!;
    expect(joint.metrics!.p_adjusted).toBeGreaterThan(local.metrics!.p_adjusted!);
  });

  it('gives each check its share of its file time, which balances the next split', () => {
    expect(merged.checks.filter((c) => c.location?.file === files[2]).map((c) => c.durationMs)).toEqual([150, 150]);
    expect(fileDurations(merged)).toEqual(new Map(files.map((f, i) => [f, 100 * (i + 1)])));
    // The longest file alone on one shard, the two shorter together on the other.
    expect(benchFilesForShard(files, { index: 1, total: 2, previous: merged }).files).toEqual([files[2]]);
    expect(benchFilesForShard(files, { index: 2, total: 2, previous: merged })).toMatchObject({
      files: [files[0], files[1]],
      balancedBy: 'durations',
    });
  });

  it('a regression the shard did not re-run is not failed, and says why', () => {
    const bare = parts.map((p) => {
      const data = { ...(p.shardPart!.data as BenchShardData), reruns: [] };
      return { ...p, shardPart: { ...p.shardPart!, data } };
    });
    const r = mergeBenchShards(bare);
    expect(r.checks.find((c) => c.name === 'b/b.bench.ts > x')).toMatchObject({ verdict: 'warn' });
    expect(r.notes).toContain(
      "1 benchmark(s) flagged by the whole suite's Holm family were not re-run by their shard: not failed",
    );
  });

  it('reports the calibration medians per unit, as one unsharded run does: ms and instruction counts never mixed', () => {
    const cals: BenchShardData['cals'][] = [
      [{ cal: 4_830_380, clock: 'instructions' }],
      [0.4, 0.5, 0.3].map((cal) => ({ cal, clock: 'wall' })),
      [
        { cal: 4_830_700, clock: 'instructions' },
        { cal: 0.6, clock: 'cpu' },
      ],
    ];
    const withCals = parts.map((p, i) => ({
      ...p,
      shardPart: { ...p.shardPart!, data: { ...(p.shardPart!.data as BenchShardData), cals: cals[i]! } },
    }));
    expect(mergeBenchShards(withCals).metrics).toMatchObject({
      calibration_ms: 0.45,
      calibration_instructions: 4_830_540,
    });
    // Counts alone (-t selecting counted benchmarks only): no `calibration_ms` at all.
    const counted = withCals.map((p, i) => ({
      ...p,
      shardPart: {
        ...p.shardPart,
        data: { ...p.shardPart.data, cals: cals[i]!.filter((c) => c.clock === 'instructions') },
      },
    }));
    const metrics = mergeBenchShards(counted).metrics!;
    expect(metrics.calibration_ms).toBeUndefined();
    expect(metrics.calibration_instructions).toBe(4_830_540);
  });
});

describe('bench shards merged: wall-clock benchmarks judged same-round', () => {
  it('keeps the screen line a shard wrote on each such check', () => {
    const parts = [0, 1, 2].map(part);
    const screen = { id: 'b/c.bench.ts > y', ratio: 2.5, why: 'regressed' as const };
    const data = {
      ...(parts[2]!.shardPart!.data as BenchShardData),
      screened: [screen],
      screenLabel: 'baseline commit c0ffee',
    };
    parts[2] = { ...parts[2]!, shardPart: { ...parts[2]!.shardPart!, data: JSON.parse(JSON.stringify(data)) } };
    const merged = mergeBenchShards(parts);
    const lines = (name: string) => merged.checks.find((c) => c.name === name)!.reasons;
    expect(lines('b/c.bench.ts > y')).toContain(
      'the stored wall-clock figures (a screen) flagged +150.0%: judged against baseline commit c0ffee measured now, interleaved, instead',
    );
    expect(lines('b/c.bench.ts > x').join('\n')).not.toMatch(/a screen/);
  });
});

describe('bench shards merged: notes that count benchmarks', () => {
  // Each shard found its own file's stored figures not comparable (on another calibration part) and timed
  // an instruction-clock benchmark on the CPU clock; shard 1 measured the last file, shard 3 the first.
  const reason = 'valgrind is not installed (Debian package valgrind)';
  const incomparable = (file: string, part: string): IncomparableEntry => ({
    id: `${file} > x`,
    file,
    differences: [`calibration '${part}' (cpu clock) moved 3.000x relative to the sort workload`],
    measuredNow: 'baseline commit 97819d86e2',
  });
  const countedOf = (file: string, part: string): CountedNotes => ({
    fellBack: [{ reason, ids: [`${file} > y`] }],
    incomparable: [incomparable(file, part)],
  });
  const order = [2, 1, 0];
  const parts = order.map((f, s) => {
    const p = part(f);
    const data = p.shardPart!.data as BenchShardData;
    const counted = countedOf(files[f]!, ['int', 'float', 'int'][f]!);
    return {
      ...p,
      notes: countedNoteLines(counted),
      shardPart: { ...p.shardPart!, index: s + 1, data: { ...data, report: { ...data.report, counted } } },
    };
  });

  it('are counted over the whole suite, as one unsharded run counts them', () => {
    const whole = benchReport({
      ...reportInput,
      checks: unsharded().checks,
      counted: {
        fellBack: [{ reason, ids: files.map((f) => `${f} > y`) }],
        incomparable: [
          incomparable(files[0]!, 'int'),
          incomparable(files[1]!, 'float'),
          incomparable(files[2]!, 'int'),
        ],
      },
      trend: [],
      durationMs: 0,
    });
    const merged = mergeBenchShards(parts);
    expect(merged.notes).toEqual(whole.notes);
    expect(merged.notes).toEqual([
      `instruction clock unavailable (${reason}): 3 benchmark(s) timed on the CPU clock instead`,
      "3 benchmark(s) not comparable with the stored figures (calibration 'int' (cpu clock) moved 3.000x relative to the sort workload; calibration 'float' (cpu clock) moved 3.000x relative to the sort workload): baseline commit 97819d86e2 measured now, interleaved with the head",
    ]);
    // Side by side, the shards' own notes say "1 benchmark(s)" three times.
    expect(parts.flatMap((p) => p.notes).filter((n) => n.startsWith('1 benchmark(s) not comparable'))).toHaveLength(3);
  });

  it('a benchmark that is a warning (not measured now) is counted apart from those whose commit was measured', () => {
    const { measuredNow: _m, ...notJudged } = incomparable(files[0]!, 'int');
    expect(
      countedNoteLines(
        mergeCountedNotes(
          [
            { fellBack: [], incomparable: [incomparable(files[1]!, 'int')] },
            { fellBack: [], incomparable: [notJudged] },
          ],
          files,
        ),
      ),
    ).toEqual([
      "1 benchmark(s) not comparable with the stored figures, which are not judged: calibration 'int' (cpu clock) moved 3.000x relative to the sort workload",
      "1 benchmark(s) not comparable with the stored figures (calibration 'int' (cpu clock) moved 3.000x relative to the sort workload): baseline commit 97819d86e2 measured now, interleaved with the head",
    ]);
  });
});
