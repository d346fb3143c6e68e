/**
 * From measurements to checks: estimates, the suite-wide decision, and the figures a reader needs
 * (median, throughput, ratio and its bounds, minimum detectable slowdown, between-run noise).
 */
import type { CheckResult } from '../core/report.ts';
import { median } from '../stats/index.ts';
import {
  bootstrapLogRatio,
  decide,
  resamplesFor,
  type BenchDecision,
  type RatioEstimate,
  type RepetitionSummary,
} from './compare.ts';
import type { MeasuredBench } from './measure.ts';
import { sketchMedian, sketchQuantile } from './sketch.ts';

export interface EvaluateOptions {
  alpha: number;
  threshold: number;
  tolerance: number;
  resamples: number;
  /** Divide by the same-process calibration workload: for stored figures only (a paired comparison compares raw figures). */
  normalize: boolean;
  location: number;
  /** Default design; a pair's own `paired` overrides it (one Holm family can mix stored and measured bases). */
  paired: boolean;
  random: () => number;
}

export interface Evaluated {
  id: string;
  estimate: RatioEstimate;
  decision: BenchDecision;
}

/** Estimate and decide for every benchmark that has data on both sides (one Holm family). */
export function evaluate(
  pairs: Array<{
    id: string;
    base: readonly RepetitionSummary[];
    head: readonly RepetitionSummary[];
    threshold: number;
    tolerance: number;
    paired?: boolean;
  }>,
  o: EvaluateOptions,
): Evaluated[] {
  const resamples = resamplesFor(pairs.length, o.alpha, o.resamples);
  const inputs = pairs.map((p) => {
    const paired = p.paired ?? o.paired;
    // The calibration divisor makes figures from another moment or machine comparable. Both sides of a
    // paired comparison ran here, alternately, one process at a time: there is nothing to correct, and
    // the divisor (each side's median sort-workload time) only adds that workload's own noise. On this
    // 2-core machine it moved 2x in some processes while the benchmarks beside it moved <= 1.4x, and so
    // turned a 10x slowdown measured against HEAD~1 into 5.7x, not credible over 3 pairs
    // (docs/methods/bench-gate.md, the calibration workload).
    const normalize = o.normalize && !paired;
    const k = paired ? Math.min(p.base.length, p.head.length) : undefined;
    const base = k === undefined ? p.base : p.base.slice(0, k);
    const head = k === undefined ? p.head : p.head.slice(0, k);
    return {
      id: p.id,
      threshold: p.threshold,
      tolerance: p.tolerance,
      estimate: bootstrapLogRatio(base, head, {
        resamples,
        random: o.random,
        normalize,
        location: o.location,
        paired,
        level: o.alpha / Math.max(1, pairs.length),
      }),
    };
  });
  const decisions = decide(inputs, o.alpha);
  return inputs.map((x, i) => ({ id: x.id, estimate: x.estimate, decision: decisions[i]! }));
}

/** Latency and throughput figures of one side's repetitions. */
export function describeReps(reps: readonly RepetitionSummary[]): Record<string, number> {
  const medians = reps.map((r) => sketchMedian(r.q));
  const med = median(medians);
  return {
    median_ms: med,
    p10_ms: median(reps.map((r) => sketchQuantile(r.q, 0.1))),
    p95_ms: median(reps.map((r) => sketchQuantile(r.q, 0.95))),
    p99_ms: median(reps.map((r) => sketchQuantile(r.q, 0.99))),
    // Pooled mean of all samples (what a naive "mean ratio" rule compares).
    mean_ms:
      reps.reduce((s, r) => s + r.n * r.mean, 0) /
      Math.max(
        1,
        reps.reduce((s, r) => s + r.n, 0),
      ),
    ops_per_s: med > 0 ? 1000 / med : 0,
    repetitions: reps.length,
    samples: reps.reduce((s, r) => s + r.n, 0),
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
/**
 * The smallest detectable slowdown as text. Beyond 10x (a few repetitions of a noisy benchmark) the figure
 * only says the data cannot bound it: print that, not "1312111510189%".
 */
export const detectableText = (mde: number): string =>
  Number.isFinite(mde) && mde <= 10 ? pct(mde) : 'over 1000%: too few or too noisy repetitions to bound it';
const levelText = (a: number) => `${+(a * 100).toPrecision(2)}%`;

/**
 * Why a benchmark that is not shown slower is not a pass either: its upper bound does not exclude a
 * slowdown beyond the allowance. With the detectable slowdown above the allowance, the repetitions
 * that would bring it down to the allowance (the bound's width shrinks as 1/sqrt(repetitions)).
 */
export function inconclusiveReason(
  d: Pick<BenchDecision, 'upper' | 'mde'>,
  threshold: number,
  repetitions: number,
): string {
  const head = `inconclusive: the data cannot rule out a slowdown beyond the ${pct(threshold)} allowance (upper bound ${d.upper.toFixed(3)})`;
  if (!(d.mde > threshold) || !Number.isFinite(d.mde))
    return `${head}; the estimate lies near the allowance: more repetitions would settle it either way`;
  const needed = Math.ceil(repetitions * (Math.log1p(d.mde) / Math.log1p(threshold)) ** 2);
  return `${head}; about ${needed} repetitions per side (now ${repetitions}) would settle it`;
}

/** The check for a benchmark compared against a base. */
export function comparedCheck(
  m: MeasuredBench,
  baseReps: readonly RepetitionSummary[],
  e: Evaluated,
  threshold: number,
  against: string,
): CheckResult {
  const d = e.decision;
  const base = describeReps(baseReps);
  const metrics: Record<string, number> = {
    ...describeReps(m.reps),
    base_median_ms: base.median_ms!,
    base_mean_ms: base.mean_ms!,
    ratio: e.estimate.ratio,
    ratio_lower: d.lower,
    ratio_upper: d.upper,
    p_adjusted: d.pAdjusted,
    mde_pct: d.mde * 100,
    threshold_pct: threshold * 100,
    noise_pct: e.estimate.noiseHead * 100,
    ...memoryMetrics(m),
  };
  const reasons: string[] = [];
  const line = `${pct(e.estimate.ratio - 1)} vs ${against} (Holm bounds ${d.lower.toFixed(3)}..${d.upper.toFixed(3)} at one-sided ${levelText(d.lowerLevel)}/${levelText(d.upperLevel)}, Holm p ${d.pAdjusted.toPrecision(2)}); detectable slowdown now ${detectableText(d.mde)}`;
  if (d.change === 'regressed') reasons.push(`slower: ${line}`);
  else if (d.change === 'improved') reasons.push(`faster: ${line}`);
  if (d.mde > threshold)
    reasons.push(`too noisy to catch a ${pct(threshold)} slowdown reliably (detectable: ${detectableText(d.mde)})`);
  const inconclusive = d.change !== 'regressed' && !(d.upper <= 1 + threshold);
  if (inconclusive) reasons.push(inconclusiveReason(d, threshold, m.reps.length));
  return {
    name: m.id,
    verdict: d.change === 'regressed' ? 'fail' : inconclusive ? 'warn' : 'pass',
    reasons,
    metrics,
    location: { file: m.file },
    change: d.change,
    details: { summary: line },
  };
}

export function memoryMetrics(m: MeasuredBench): Record<string, number> {
  const heap = m.reps.map((r) => r.heapPerOp).filter((x): x is number => x !== undefined);
  const rss = m.reps.map((r) => r.rssPerOp).filter((x): x is number => x !== undefined);
  return {
    ...(heap.length ? { heap_bytes_per_op: median(heap) } : {}),
    ...(rss.length ? { rss_bytes_per_op: median(rss) } : {}),
  };
}
