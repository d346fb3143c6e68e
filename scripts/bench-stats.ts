/**
 * Benchmark of the statistics core (not a test: figures, no assertions).
 * Run: npx tsx scripts/bench-stats.ts
 * Prints, for each task, the median wall time and CPU time (user + system of this process) of several
 * repetitions, the wall time in units of a fixed reference workload measured in the same run (sorting
 * a 200,000-element Float64Array: on a shared, loaded machine the ratio is steadier than milliseconds),
 * and the ratio to a naive, simple-statistics or previous implementation run on the same data in the
 * same process ("previous" = the code before the last optimisation, kept in scripts/bench-stats-previous.ts).
 */
import * as ss from 'simple-statistics';
import { createRng } from '../harness/core/rng.ts';
import { bootstrapCI, compareLocations, hodgesLehmann, ksTwoSample, mannWhitneyU } from '../harness/stats/index.ts';
import { medianInPlace } from '../harness/stats/select.ts';
import { previousHodgesLehmann } from './bench-stats-previous.ts';

interface Timing {
  wall: number;
  cpu: number;
}

function timeMedian(reps: number, fn: () => unknown): Timing {
  const wall: number[] = [];
  const cpu: number[] = [];
  fn(); // warm-up (JIT)
  for (let i = 0; i < reps; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const med = (v: number[]): number => v.sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
  return { wall: med(wall), cpu: med(cpu) };
}

const rng = createRng(2024);
const sample = (n: number, mu: number): number[] => Array.from({ length: n }, () => mu + rng.normal());

// Reference workload, timed before and after the tasks; the 'x ref' columns divide by the mean of both.
const referenceData = Float64Array.from({ length: 200_000 }, () => rng.normal());
const reference = (): Timing => timeMedian(9, () => referenceData.slice().sort());
const refBefore = reference();

const rows: Array<{ task: string; ours: Timing; target?: number; other: string; theirs?: Timing }> = [];
const row = (task: string, ours: Timing, other: string, theirs?: Timing, target?: number): void => {
  rows.push({ task, ours, target, other, theirs });
};

// 1. Mann-Whitney U + Hodges-Lehmann estimate and 95% interval, 100k vs 100k.
{
  const x = sample(100_000, 0);
  const y = sample(100_000, 0.01);
  const combined = timeMedian(7, () => compareLocations(x, y));
  const separate = timeMedian(7, () => {
    mannWhitneyU(x, y);
    hodgesLehmann(x, y);
  });
  const previous = timeMedian(5, () => {
    mannWhitneyU(x, y);
    previousHodgesLehmann(x, y);
  });
  const a = compareLocations(x, y).hodgesLehmann;
  const b = previousHodgesLehmann(x, y);
  if (!a.ok || !b.ok || a.estimate !== b.estimate || a.lower !== b.lower || a.upper !== b.upper)
    throw new Error('bench: current and previous Hodges-Lehmann disagree');
  row(
    'MWU + HL interval, 100k x 100k (compareLocations)',
    combined,
    'previous: mannWhitneyU + hodgesLehmann as of 66372a2',
    previous,
    150,
  );
  row(
    'MWU + HL interval, 100k x 100k (two calls)',
    separate,
    'previous: mannWhitneyU + hodgesLehmann as of 66372a2',
    previous,
    150,
  );
  // Naive reference: all n*m differences sorted (as R's wilcox.test) - only feasible at n = m = 2000.
  const xs = x.slice(0, 2000);
  const ys = y.slice(0, 2000);
  const oursSmall = timeMedian(5, () => compareLocations(xs, ys));
  const naiveSmall = timeMedian(3, () => {
    const d = new Float64Array(xs.length * ys.length);
    let k = 0;
    for (const a of xs) for (const b of ys) d[k++] = a - b;
    d.sort();
    ss.wilcoxonRankSum(xs, ys);
    return d[d.length >> 1];
  });
  row(
    'MWU + HL interval, 2k x 2k (compareLocations)',
    oursSmall,
    'naive all-pairs sort + ss.wilcoxonRankSum',
    naiveSmall,
  );
}

// 2. Two-sample KS, 100k vs 100k (asymptotic p-value, as scipy for n > 10000).
{
  const x = sample(100_000, 0);
  const y = sample(100_000, 0.01);
  const ours = timeMedian(5, () => ksTwoSample(x, y));
  const naive = timeMedian(5, () => {
    // scipy's formulation: sort both, searchsorted every pooled point into both samples.
    const a = [...x].sort((p, q) => p - q);
    const b = [...y].sort((p, q) => p - q);
    const upper = (s: number[], v: number): number => {
      let lo = 0;
      let hi = s.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (s[mid]! <= v) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    let d = 0;
    for (const v of [...a, ...b]) d = Math.max(d, Math.abs(upper(a, v) / a.length - upper(b, v) / b.length));
    return d;
  });
  row('KS two-sample, 100k x 100k', ours, 'naive searchsorted ECDFs (statistic only)', naive, 100);
}

// 3. Bootstrap: 10,000 resamples of 1,000 values.
{
  const x = sample(1000, 5);
  const pct = timeMedian(5, () =>
    bootstrapCI(x, 'mean', { method: 'percentile', resamples: 10_000, random: rng.float }),
  );
  const bca = timeMedian(5, () => bootstrapCI(x, 'mean', { method: 'bca', resamples: 10_000, random: rng.float }));
  const bcaMedian = timeMedian(5, () =>
    bootstrapCI(x, 'median', { method: 'bca', resamples: 10_000, random: rng.float }),
  );
  // The previous median path: copy each resample, then quickselect (same draws, same interval).
  const bcaMedianPrevious = timeMedian(5, () =>
    bootstrapCI(x, (s) => medianInPlace(s), { method: 'bca', resamples: 10_000, random: rng.float }),
  );
  const naive = timeMedian(3, () => {
    const stats: number[] = [];
    for (let r = 0; r < 10_000; r++) {
      const s: number[] = [];
      for (let i = 0; i < x.length; i++) s.push(x[Math.floor(rng.float() * x.length)]!);
      stats.push(ss.mean(s));
    }
    return [ss.quantile(stats, 0.025), ss.quantile(stats, 0.975)];
  });
  const naiveMedian = timeMedian(3, () => {
    const stats: number[] = [];
    for (let r = 0; r < 10_000; r++) {
      const s: number[] = [];
      for (let i = 0; i < x.length; i++) s.push(x[Math.floor(rng.float() * x.length)]!);
      stats.push(ss.median(s));
    }
    return [ss.quantile(stats, 0.025), ss.quantile(stats, 0.975)];
  });
  // The part no algorithm removes: 10 million draws from the seeded generator.
  const draws = timeMedian(3, () => {
    let t = 0;
    for (let i = 0; i < 10_000_000; i++) t += rng.float();
    return t;
  });
  row('bootstrap mean percentile, 10k x 1000', pct, 'arrays + ss.mean + ss.quantile', naive, 500);
  row('bootstrap mean BCa, 10k x 1000', bca, 'arrays + ss.mean + ss.quantile', naive, 500);
  row('bootstrap median BCa, 10k x 1000', bcaMedian, 'previous: resample copy + quickselect', bcaMedianPrevious);
  row('bootstrap median BCa, 10k x 1000', bcaMedian, 'arrays + ss.median + ss.quantile', naiveMedian);
  row('(10M rng.float draws alone)', draws, '-');
}

const refAfter = reference();
const refWall = (refBefore.wall + refAfter.wall) / 2;
const refCpu = (refBefore.cpu + refAfter.cpu) / 2;
const verdict = (ms: number, target: number): string => (ms < target ? 'ok' : 'MISSED');
const header = [
  'task',
  'wall ms (median)',
  'cpu ms',
  'x ref wall',
  'x ref cpu',
  'target (wall; cpu)',
  'compared with',
  'their wall ms',
  'their cpu ms',
  'ratio wall',
  'ratio cpu',
];
const table = rows.map((r) => [
  r.task,
  r.ours.wall.toFixed(1),
  r.ours.cpu.toFixed(1),
  (r.ours.wall / refWall).toFixed(2),
  (r.ours.cpu / refCpu).toFixed(2),
  r.target === undefined ? '' : `< ${r.target}: ${verdict(r.ours.wall, r.target)}; ${verdict(r.ours.cpu, r.target)}`,
  r.other,
  r.theirs ? r.theirs.wall.toFixed(1) : '-',
  r.theirs ? r.theirs.cpu.toFixed(1) : '-',
  r.theirs ? (r.theirs.wall / r.ours.wall).toFixed(1) + 'x' : '-',
  r.theirs ? (r.theirs.cpu / r.ours.cpu).toFixed(1) + 'x' : '-',
]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
const fmt = (r: string[]): string => r.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
console.log(
  `reference: sort of a 200,000-element Float64Array, wall ${refBefore.wall.toFixed(1)} ms before the tasks, ${refAfter.wall.toFixed(1)} ms after, cpu ${refBefore.cpu.toFixed(1)} / ${refAfter.cpu.toFixed(1)} ms; "x ref" = time / mean of the two`,
);
console.log(fmt(header));
console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
for (const r of table) console.log(fmt(r));
