/**
 * ADWIN2 adaptive windowing (Bifet & Gavalda 2007, "Learning from time-changing data with adaptive
 * windowing", SDM), with the exponential histogram of buckets: row i holds up to `maxBuckets` buckets
 * of 2^i observations (their sum and sum of squared deviations), so memory and time per check are
 * O(maxBuckets log W). Every `clock` updates each bucket boundary is tried as a cut W = W0 . W1; if
 * |mean(W0) - mean(W1)| > eps_cut the oldest bucket is dropped, until no cut fires. eps_cut is the
 * variance-based bound of the paper (sec. 3), in the form used by MOA and River:
 *   eps = sqrt(2 m sigma_W^2 ln(2 ln(W) / delta)) + (2/3) m ln(2 ln(W) / delta),
 *   m = 1/(n0 - minLen + 1) + 1/(n1 - minLen + 1).
 * Streaming object: update(x) returns true when the window shrank (a change); reset() empties it.
 */
export interface AdwinOptions {
  /** Confidence parameter, default 0.002. */
  delta?: number;
  /** Buckets per row before merging, default 5. */
  maxBuckets?: number;
  /** Check for cuts every `clock` updates, default 32 (as MOA/River). */
  clock?: number;
  /** Minimum size of each sub-window, default 5. */
  minWindowLength?: number;
  /** No check before this many observations, default 10. */
  gracePeriod?: number;
}

interface Bucket {
  total: number;
  m2: number;
}

export class Adwin {
  private readonly delta: number;
  private readonly maxBuckets: number;
  private readonly clock: number;
  private readonly minLen: number;
  private readonly grace: number;
  /** rows[i]: buckets of size 2^i, newest first. */
  private rows: Bucket[][] = [];
  private ticks = 0;
  width = 0;
  private total = 0;
  private m2 = 0;

  constructor(options: AdwinOptions = {}) {
    this.delta = options.delta ?? 0.002;
    this.maxBuckets = options.maxBuckets ?? 5;
    this.clock = options.clock ?? 32;
    this.minLen = options.minWindowLength ?? 5;
    this.grace = options.gracePeriod ?? 10;
  }

  /** Mean of the current window (0 if empty). */
  get mean(): number {
    return this.width > 0 ? this.total / this.width : 0;
  }

  /** Add one observation; true if a change was detected (the window dropped its older part). */
  update(x: number): boolean {
    if (!Number.isFinite(x)) return false;
    if (this.width > 0) {
      const d = x - this.total / this.width;
      this.m2 += (this.width * d * d) / (this.width + 1);
    }
    this.width++;
    this.total += x;
    if (this.rows.length === 0) this.rows.push([]);
    this.rows[0]!.unshift({ total: x, m2: 0 });
    this.compress();
    this.ticks++;
    if (this.ticks % this.clock !== 0 || this.width < this.grace) return false;
    return this.detect();
  }

  reset(): void {
    this.rows = [];
    this.ticks = 0;
    this.width = 0;
    this.total = 0;
    this.m2 = 0;
  }

  private compress(): void {
    for (let i = 0; i < this.rows.length; i++) {
      const row = this.rows[i]!;
      if (row.length <= this.maxBuckets) break;
      const older = row.pop()!;
      const newer = row.pop()!;
      const size = 2 ** i;
      const d = older.total / size - newer.total / size;
      const merged = { total: older.total + newer.total, m2: older.m2 + newer.m2 + (size * size * d * d) / (2 * size) };
      if (i + 1 === this.rows.length) this.rows.push([]);
      this.rows[i + 1]!.unshift(merged);
    }
  }

  private dropOldest(): void {
    let i = this.rows.length - 1;
    while (i >= 0 && this.rows[i]!.length === 0) i--;
    if (i < 0) return;
    const b = this.rows[i]!.pop()!;
    const size = 2 ** i;
    this.width -= size;
    this.total -= b.total;
    if (this.width === 0) {
      this.m2 = 0;
    } else {
      const d = b.total / size - this.total / this.width;
      this.m2 = Math.max(0, this.m2 - b.m2 - (size * this.width * d * d) / (size + this.width));
    }
    while (this.rows.length > 0 && this.rows[this.rows.length - 1]!.length === 0) this.rows.pop();
  }

  private detect(): boolean {
    let changed = false;
    let again = true;
    while (again && this.width > 2 * this.minLen) {
      again = false;
      const variance = this.m2 / this.width;
      const logTerm = Math.log((2 * Math.log(this.width)) / this.delta);
      let n0 = 0;
      let s0 = 0;
      // Walk from the oldest bucket to the newest, moving each into the older sub-window W0.
      outer: for (let i = this.rows.length - 1; i >= 0; i--) {
        const row = this.rows[i]!;
        const size = 2 ** i;
        for (let k = row.length - 1; k >= 0; k--) {
          n0 += size;
          s0 += row[k]!.total;
          const n1 = this.width - n0;
          if (n1 < this.minLen) break outer;
          if (n0 < this.minLen) continue;
          const diff = s0 / n0 - (this.total - s0) / n1;
          const m = 1 / (n0 - this.minLen + 1) + 1 / (n1 - this.minLen + 1);
          const eps = Math.sqrt(2 * m * variance * logTerm) + (2 / 3) * m * logTerm;
          if (Math.abs(diff) > eps) {
            this.dropOldest();
            changed = true;
            again = true;
            break outer;
          }
        }
      }
    }
    return changed;
  }
}
