import * as hdr from 'hdr-histogram-js';

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

// Stand-in until the statistics core's LatencyHistogram lands: the same HDR histogram
// (hdr-histogram-js, 3 significant digits, microsecond units, so values are exact to 0.1%).
/** Record latencies (ms) in an HDR histogram and read p50/p95/p99/p99.9 from it. */
export function summarizeLatencies(valuesMs: readonly number[]): LatencySummary {
  if (valuesMs.length === 0) return { count: 0, mean: 0, p50: 0, p95: 0, p99: 0, p999: 0, max: 0 };
  const h = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3, bitBucketSize: 'packed', useWebAssembly: false });
  for (const v of valuesMs) h.recordValue(Math.max(1, Math.round(v * 1000)));
  const at = (p: number) => h.getValueAtPercentile(p) / 1000;
  const s = { count: valuesMs.length, mean: h.mean / 1000, p50: at(50), p95: at(95), p99: at(99), p999: at(99.9), max: h.maxValue / 1000 };
  h.destroy();
  return s;
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
