/**
 * Benchmark of the statistics core (not a test: figures, no assertions).
 * Run: npx tsx scripts/bench-stats.ts
 * Prints the median wall time of several repetitions for each task and the ratio to a naive or
 * simple-statistics implementation run on the same data in the same process.
 */
import * as ss from 'simple-statistics';
import { createRng } from '../harness/core/rng.ts';
import { bootstrapCI, hodgesLehmann, ksTwoSample, mannWhitneyU } from '../harness/stats/index.ts';

function timeMedian(reps: number, fn: () => unknown): number {
  const times: number[] = [];
  fn(); // warm-up (JIT)
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const rng = createRng(2024);
const sample = (n: number, mu: number): number[] => Array.from({ length: n }, () => mu + rng.normal());
const rows: string[][] = [];
const row = (task: string, ours: number, other: string, theirs: number, target?: number): void => {
  const ratio = Number.isNaN(theirs) ? '-' : (theirs / ours).toFixed(1) + 'x';
  rows.push([task, ours.toFixed(1), target === undefined ? '' : ours < target ? `< ${target} ok` : `> ${target} MISSED`, other, Number.isNaN(theirs) ? '-' : theirs.toFixed(1), ratio]);
};

// 1. Mann-Whitney U + Hodges-Lehmann interval, 100k vs 100k.
{
  const x = sample(100_000, 0);
  const y = sample(100_000, 0.01);
  const ours = timeMedian(5, () => {
    mannWhitneyU(x, y);
    hodgesLehmann(x, y);
  });
  // Naive reference: all n*m differences sorted (as R's wilcox.test) - only feasible at n = m = 2000.
  const xs = x.slice(0, 2000);
  const ys = y.slice(0, 2000);
  const oursSmall = timeMedian(5, () => {
    mannWhitneyU(xs, ys);
    hodgesLehmann(xs, ys);
  });
  const naiveSmall = timeMedian(3, () => {
    const d = new Float64Array(xs.length * ys.length);
    let k = 0;
    for (const a of xs) for (const b of ys) d[k++] = a - b;
    d.sort();
    ss.wilcoxonRankSum(xs, ys);
    return d[d.length >> 1];
  });
  row('MWU + HL interval, 100k x 100k', ours, '-', NaN, 150);
  row('MWU + HL interval, 2k x 2k', oursSmall, 'naive all-pairs sort + ss.wilcoxonRankSum', naiveSmall);
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
        if (s[mid] <= v) lo = mid + 1;
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
  const pct = timeMedian(5, () => bootstrapCI(x, 'mean', { method: 'percentile', resamples: 10_000, random: rng.float }));
  const bca = timeMedian(5, () => bootstrapCI(x, 'mean', { method: 'bca', resamples: 10_000, random: rng.float }));
  const bcaMedian = timeMedian(3, () => bootstrapCI(x, 'median', { method: 'bca', resamples: 10_000, random: rng.float }));
  const naive = timeMedian(3, () => {
    const stats: number[] = [];
    for (let r = 0; r < 10_000; r++) {
      const s: number[] = [];
      for (let i = 0; i < x.length; i++) s.push(x[Math.floor(rng.float() * x.length)]);
      stats.push(ss.mean(s));
    }
    return [ss.quantile(stats, 0.025), ss.quantile(stats, 0.975)];
  });
  const naiveMedian = timeMedian(3, () => {
    const stats: number[] = [];
    for (let r = 0; r < 10_000; r++) {
      const s: number[] = [];
      for (let i = 0; i < x.length; i++) s.push(x[Math.floor(rng.float() * x.length)]);
      stats.push(ss.median(s));
    }
    return [ss.quantile(stats, 0.025), ss.quantile(stats, 0.975)];
  });
  row('bootstrap mean percentile, 10k x 1000', pct, 'arrays + ss.mean + ss.quantile', naive, 500);
  row('bootstrap mean BCa, 10k x 1000', bca, 'arrays + ss.mean + ss.quantile', naive, 500);
  row('bootstrap median BCa, 10k x 1000', bcaMedian, 'arrays + ss.median + ss.quantile', naiveMedian);
}

const header = ['task', 'ours ms (median)', 'target', 'compared with', 'their ms', 'ratio'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const fmt = (r: string[]): string => r.map((c, i) => c.padEnd(widths[i])).join(' | ');
console.log(fmt(header));
console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
for (const r of rows) console.log(fmt(r));
