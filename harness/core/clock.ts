/**
 * Time comes from a clock passed in. Production code gets `realClock`; simulations and timing tests
 * get a VirtualClock, which advances only when told to and runs due timers in order, so a 30-day
 * simulation or a breaker's back-off is exact and takes no real time.
 */
export interface Clock {
  /** Milliseconds since an arbitrary epoch. */
  now(): number;
  /** Resolves after `ms` of this clock's time; rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Read once: `performance.timeOrigin` is a getter, and `now()` runs per request on the mock's hot path. */
const timeOrigin = performance.timeOrigin;

export const realClock: Clock = {
  now: () => timeOrigin + performance.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const t = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(t);
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

interface Timer {
  at: number;
  seq: number;
  fire: () => void;
}

export class VirtualClock implements Clock {
  #now: number;
  #seq = 0;
  #timers: Timer[] = [];

  constructor(startMs = 0) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      // A NaN deadline would fire at once and set the clock itself to NaN.
      if (Number.isNaN(ms)) return reject(new RangeError('VirtualClock.sleep: ms is NaN'));
      const timer: Timer = { at: this.#now + Math.max(0, ms), seq: this.#seq++, fire: resolve };
      this.#timers.push(timer);
      signal?.addEventListener(
        'abort',
        () => {
          this.#timers = this.#timers.filter((t) => t !== timer);
          reject(signal.reason);
        },
        { once: true },
      );
    });
  }

  /** Number of sleeps waiting. */
  get pending(): number {
    return this.#timers.length;
  }

  /**
   * Move time forward by `ms`, firing due timers in time order and letting the promise jobs each
   * one releases run before the next fires (so chains of sleeps behave as in real time).
   */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    for (;;) {
      await flushMicrotasks();
      this.#timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.#timers[0];
      if (!next || next.at > target) break;
      this.#timers.shift();
      this.#now = next.at;
      next.fire();
    }
    this.#now = target;
    await flushMicrotasks();
  }

  /** Set the time directly (synchronous; fires nothing). For step-driven simulations. */
  set(ms: number): void {
    this.#now = ms;
  }
}

async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}
