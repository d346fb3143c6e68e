/** Give back a lease. Calling it twice is harmless. */
export type Release = () => void;

interface Waiter {
  exclusive: boolean;
  grant: () => void;
}

/**
 * Who may use the machine now: a read-write lock. Untimed work holds shared leases, any number at
 * once; a stretch that measures time holds the exclusive one. An exclusive request waits for the
 * shared holders to finish and keeps new shared ones from starting (so a measurement is never
 * starved by a stream of untimed work); exclusive requests are served in the order they came.
 */
export class MachineLease {
  private shared = 0;
  private exclusive = false;
  private readonly waiting: Waiter[] = [];

  /** The lease now if it is free (and no exclusive request waits before this one), else undefined. */
  tryAcquire(exclusive: boolean): Release | undefined {
    if (this.exclusive || this.waiting.some((w) => w.exclusive)) return undefined;
    if (exclusive) {
      if (this.shared > 0) return undefined;
      this.exclusive = true;
    } else this.shared++;
    return this.releaser(exclusive);
  }

  /** Resolves once granted, or at once when `signal` is aborted (then nothing is held and the release does nothing). */
  acquire(exclusive: boolean, signal?: AbortSignal): Promise<Release> {
    if (signal?.aborted) return Promise.resolve(() => {});
    return new Promise((resolve) => {
      const waiter: Waiter = {
        exclusive,
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(this.releaser(exclusive));
        },
      };
      const onAbort = () => {
        const at = this.waiting.indexOf(waiter);
        if (at >= 0) this.waiting.splice(at, 1);
        resolve(() => {});
        this.pump();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
      this.pump();
    });
  }

  private releaser(exclusive: boolean): Release {
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      if (exclusive) this.exclusive = false;
      else this.shared--;
      this.pump();
    };
  }

  private pump(): void {
    if (this.exclusive) return;
    const firstExclusive = this.waiting.findIndex((w) => w.exclusive);
    if (firstExclusive >= 0) {
      if (this.shared > 0) return;
      const [w] = this.waiting.splice(firstExclusive, 1);
      this.exclusive = true;
      w!.grant();
      return;
    }
    for (const w of this.waiting.splice(0)) {
      this.shared++;
      w.grant();
    }
  }
}
