import type { AlertPayload } from './alert-payload.ts';
import type { AlertChannel } from './webhook-channel.ts';
import type { ChannelStats } from '../../harness/observability/metrics-file.ts';

/** Delivery counts of one channel (the record format the harness reads back: defined there once). */
export type { ChannelStats };

interface Lane {
  channel: AlertChannel;
  queue: AlertPayload[];
  running: Promise<void> | undefined;
  stats: ChannelStats;
}

/**
 * Hands fired alerts to channels without ever blocking the caller: `dispatch` queues and returns;
 * each channel works through its own queue one alert at a time, so a hung or failing receiver
 * delays only its own channel. A full queue drops its oldest alert (and counts it).
 */
export class AlertDispatcher {
  readonly #lanes: Lane[];
  readonly #maxQueue: number;
  readonly #onResult?: (stats: ChannelStats, payload: AlertPayload, ok: boolean) => void;

  constructor(
    channels: readonly AlertChannel[],
    options: { maxQueue?: number; onResult?: (stats: ChannelStats, payload: AlertPayload, ok: boolean) => void } = {},
  ) {
    this.#lanes = channels.map((channel) => ({
      channel,
      queue: [],
      running: undefined,
      stats: { channel: channel.name, delivered: 0, failed: 0, retries: 0, dropped: 0, queued: 0 },
    }));
    this.#maxQueue = Math.max(1, options.maxQueue ?? 100);
    this.#onResult = options.onResult;
  }

  /** Queue payloads on every channel; returns at once. */
  dispatch(payloads: readonly AlertPayload[]): void {
    for (const lane of this.#lanes) {
      for (const p of payloads) {
        if (lane.queue.length >= this.#maxQueue) {
          lane.queue.shift();
          lane.stats.dropped++;
        }
        lane.queue.push(p);
      }
      lane.stats.queued = lane.queue.length;
      lane.running ??= this.#drain(lane);
    }
  }

  async #drain(lane: Lane): Promise<void> {
    while (lane.queue.length > 0) {
      const p = lane.queue.shift()!;
      const r = await lane.channel.deliver(p).catch((e: unknown) => ({ ok: false, attempts: 1, error: String(e) }));
      lane.stats.retries += r.attempts - 1;
      if (r.ok) lane.stats.delivered++;
      else {
        lane.stats.failed++;
        lane.stats.lastError = r.error;
      }
      lane.stats.queued = lane.queue.length;
      this.#onResult?.({ ...lane.stats }, p, r.ok);
    }
    lane.running = undefined;
  }

  /** Resolves when every queue is empty (for shutdown and tests). */
  async idle(): Promise<void> {
    while (this.#lanes.some((l) => l.running !== undefined))
      await Promise.all(this.#lanes.map((l) => l.running ?? Promise.resolve()));
  }

  /**
   * Waits for every queue to empty, but at most `timeoutMs` of real time (deliveries are real network
   * calls); true when everything was resolved. For a bounded shutdown.
   */
  async flush(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<false>((r) => (timer = setTimeout(() => r(false), timeoutMs)));
    try {
      return await Promise.race([this.idle().then(() => true as const), expired]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** True while any channel has an alert queued or in flight. */
  get busy(): boolean {
    return this.#lanes.some((l) => l.running !== undefined);
  }

  stats(): ChannelStats[] {
    return this.#lanes.map((l) => ({ ...l.stats }));
  }
}
