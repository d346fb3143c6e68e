/**
 * Page-Hinkley change detector (Page 1954; Hinkley 1971), both directions. With the running mean
 * xbar_t, m_t = sum (x_i - xbar_i - delta) must not rise more than lambda above its minimum (increase),
 * and sum (xbar_i - x_i - delta) likewise (decrease). Streaming object: update(x) returns true on an
 * alarm, after which the detector resets itself; reset() restarts it by hand.
 */
export interface PageHinkleyOptions {
  /** Magnitude of change tolerated, in the data's units, default 0.005. */
  delta?: number;
  /** Alarm threshold, default 50. */
  lambda?: number;
  /** Observations before an alarm is allowed, default 30. */
  minInstances?: number;
  direction?: 'up' | 'down' | 'both';
}

export class PageHinkley {
  private readonly delta: number;
  private readonly lambda: number;
  private readonly minInstances: number;
  private readonly direction: 'up' | 'down' | 'both';
  private n = 0;
  private mean = 0;
  private sumUp = 0;
  private minUp = 0;
  private sumDown = 0;
  private minDown = 0;
  /** Direction of the last alarm. */
  lastAlarm: 'up' | 'down' | undefined;

  constructor(options: PageHinkleyOptions = {}) {
    this.delta = options.delta ?? 0.005;
    this.lambda = options.lambda ?? 50;
    this.minInstances = options.minInstances ?? 30;
    this.direction = options.direction ?? 'both';
  }

  /** Add one observation; true if a change is detected (the detector then resets). Non-finite values are ignored. */
  update(x: number): boolean {
    if (!Number.isFinite(x)) return false;
    this.n++;
    this.mean += (x - this.mean) / this.n;
    this.sumUp += x - this.mean - this.delta;
    this.minUp = Math.min(this.minUp, this.sumUp);
    this.sumDown += this.mean - x - this.delta;
    this.minDown = Math.min(this.minDown, this.sumDown);
    if (this.n < this.minInstances) return false;
    const up = this.direction !== 'down' && this.sumUp - this.minUp > this.lambda;
    const down = this.direction !== 'up' && this.sumDown - this.minDown > this.lambda;
    if (up || down) {
      this.reset();
      this.lastAlarm = up ? 'up' : 'down';
      return true;
    }
    return false;
  }

  reset(): void {
    this.n = 0;
    this.mean = 0;
    this.sumUp = this.minUp = this.sumDown = this.minDown = 0;
    this.lastAlarm = undefined;
  }
}
