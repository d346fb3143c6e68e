/**
 * Two-sided tabular CUSUM (Page 1954; Montgomery, "Statistical Quality Control", 9.1):
 * S+ = max(0, S+ + z - k), S- = max(0, S- - z - k) on standardised z = (x - target) / sigma; alarm when
 * either exceeds h. target and sigma are given, or estimated from the first `warmup` observations.
 * Streaming object: update(x) returns true on an alarm and then restarts the sums (keeping target/sigma).
 */
export interface CusumOptions {
  target?: number;
  sigma?: number;
  /** Slack in sigma units, default 0.5 (tuned to a 1-sigma shift). */
  k?: number;
  /** Decision threshold in sigma units, default 5 (in-control ARL ~ 465 for k = 0.5). */
  h?: number;
  /** Observations used to estimate target/sigma when not given, default 30. */
  warmup?: number;
}

export class Cusum {
  private readonly k: number;
  private readonly h: number;
  private readonly warmup: number;
  private readonly givenTarget?: number;
  private readonly givenSigma?: number;
  private target?: number;
  private sigma?: number;
  private n = 0;
  private wMean = 0;
  private wM2 = 0;
  /** Current upper and lower sums (sigma units). */
  upper = 0;
  lower = 0;
  lastAlarm: 'up' | 'down' | undefined;

  constructor(options: CusumOptions = {}) {
    this.k = options.k ?? 0.5;
    this.h = options.h ?? 5;
    this.warmup = Math.max(2, options.warmup ?? 30);
    this.givenTarget = options.target;
    this.givenSigma = options.sigma;
    this.reset();
  }

  /** Add one observation; true if a shift is detected. Non-finite values are ignored. */
  update(x: number): boolean {
    if (!Number.isFinite(x)) return false;
    if (this.target === undefined || this.sigma === undefined) {
      this.n++;
      const d = x - this.wMean;
      this.wMean += d / this.n;
      this.wM2 += d * (x - this.wMean);
      if (this.n >= this.warmup) {
        this.target ??= this.wMean;
        const s = Math.sqrt(this.wM2 / (this.n - 1));
        this.sigma ??= s > 0 ? s : 1e-12 * Math.max(1, Math.abs(this.wMean));
      }
      return false;
    }
    const z = (x - this.target) / this.sigma;
    this.upper = Math.max(0, this.upper + z - this.k);
    this.lower = Math.max(0, this.lower - z - this.k);
    if (this.upper > this.h || this.lower > this.h) {
      this.lastAlarm = this.upper > this.h ? 'up' : 'down';
      this.upper = 0;
      this.lower = 0;
      return true;
    }
    return false;
  }

  /** Forget everything, including an estimated target and sigma. */
  reset(): void {
    this.target = this.givenTarget;
    this.sigma = this.givenSigma;
    this.n = 0;
    this.wMean = 0;
    this.wM2 = 0;
    this.upper = 0;
    this.lower = 0;
    this.lastAlarm = undefined;
  }
}
