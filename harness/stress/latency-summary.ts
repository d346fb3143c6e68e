import { LatencyHistogram } from '../stats/index.ts';

/** Percentiles of one latency series, in ms. */
export interface LatencySummary {
  count: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
}

/** Record latencies (ms) in the stats core's HDR histogram (exact to 0.1%) and read p50/p95/p99/p99.9 from it. */
export function summarizeLatencies(valuesMs: readonly number[]): LatencySummary {
  if (valuesMs.length === 0) return { count: 0, mean: 0, p50: 0, p95: 0, p99: 0, p999: 0, max: 0 };
  const h = new LatencyHistogram();
  for (const v of valuesMs) h.record(v);
  return {
    count: h.count,
    mean: h.mean,
    p50: h.percentile(50),
    p95: h.percentile(95),
    p99: h.percentile(99),
    p999: h.percentile(99.9),
    max: h.max,
  };
}

/** `points` evenly spaced order statistics (quantiles) of a series: the latency sample a baseline stores. */
export function quantileSample(valuesMs: readonly number[], points = 200): number[] {
  if (valuesMs.length === 0) return [];
  const sorted = Float64Array.from(valuesMs).sort();
  const n = Math.min(points, sorted.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const pos = n === 1 ? 0 : (i * (sorted.length - 1)) / (n - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(lo + 1, sorted.length - 1);
    out.push(Math.round((sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo)) * 1000) / 1000);
  }
  return out;
}
