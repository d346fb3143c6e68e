import hdr from 'hdr-histogram-js';
import type { Histogram } from 'hdr-histogram-js';

/**
 * Latency recorder on an HDR histogram (hdr-histogram-js, pure-JS backend): values in milliseconds are
 * stored as integer microseconds with 3 significant digits, so a percentile is within 0.1% of the
 * recorded value. Mergeable across workers and shards through a compact JSON form (the standard HDR
 * compressed base64 encoding, readable by other HdrHistogram implementations).
 */
export interface LatencyHistogramJSON {
  format: 'hdr-base64-v1';
  /** Microseconds per recorded unit is fixed at 1000 per ms. */
  unit: 'us';
  encoded: string;
}

const US_PER_MS = 1000;

function create(): Histogram {
  return hdr.build({
    bitBucketSize: 'packed',
    numberOfSignificantValueDigits: 3,
    autoResize: true,
    useWebAssembly: false,
    lowestDiscernibleValue: 1,
  });
}

export class LatencyHistogram {
  private readonly h: Histogram;

  constructor(histogram?: Histogram) {
    this.h = histogram ?? create();
  }

  /** Record one latency in milliseconds (negative or non-finite values are ignored; 0 is kept). */
  record(ms: number, count = 1): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    this.h.recordValueWithCount(Math.round(ms * US_PER_MS), count);
  }

  /** Value at percentile p in [0, 100], in ms (HDR semantics: the highest value equivalent to the bucket). */
  percentile(p: number): number {
    if (this.h.totalCount === 0) return NaN;
    return this.h.getValueAtPercentile(p) / US_PER_MS;
  }

  get count(): number {
    return this.h.totalCount;
  }

  get max(): number {
    return this.h.totalCount === 0 ? NaN : this.h.maxValue / US_PER_MS;
  }

  get mean(): number {
    return this.h.totalCount === 0 ? NaN : this.h.mean / US_PER_MS;
  }

  /** Add another histogram's counts into this one (associative and commutative: shard order does not matter). */
  merge(other: LatencyHistogram): this {
    this.h.add(other.h);
    return this;
  }

  toJSON(): LatencyHistogramJSON {
    return { format: 'hdr-base64-v1', unit: 'us', encoded: hdr.encodeIntoCompressedBase64(this.h) };
  }

  static fromJSON(json: LatencyHistogramJSON): LatencyHistogram {
    const decoded = hdr.decodeFromCompressedBase64(json.encoded, 'packed', false);
    const fresh = create();
    fresh.add(decoded);
    return new LatencyHistogram(fresh);
  }

  /** Merge many serialized shards into one histogram. */
  static mergeAll(parts: readonly LatencyHistogramJSON[]): LatencyHistogram {
    const out = new LatencyHistogram();
    for (const p of parts) out.merge(LatencyHistogram.fromJSON(p));
    return out;
  }
}
