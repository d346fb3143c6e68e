import type { Clock } from '../../harness/core/clock.ts';

const DAY_MS = 86_400_000;

export interface CuratorOptions {
  clock: Clock;
  /** Changes the curator may apply per day (the budget resets at each day boundary of the clock). */
  dailyBudget: number;
  /** An item is over-exposed when its share of the selections exceeds this multiple of a fair share. */
  overExposure?: number;
  /** Score penalty a demotion applies. */
  penalty?: number;
  /** How long a demotion lasts (it also ends at the day boundary). Default 4 h. */
  demotionMs?: number;
}

export interface CuratorReview {
  proposed: number;
  applied: number;
  /** Budget used today, 0-100. */
  budgetUsedPct: number;
  /** Items demoted by this review. */
  demoted: string[];
}

/**
 * Reviews selections and demotes over-exposed items, within a daily budget of changes. A demotion
 * lasts `demotionMs` (at most until the day ends); an item still over-exposed after that is demoted
 * again, so a drift that keeps pushing the same items drains the budget. What does not fit in the
 * budget is dropped (and shows as budget used near 100%).
 */
export class Curator {
  readonly #o: Required<CuratorOptions>;
  #day = -1;
  #used = 0;
  readonly #penalties = new Map<string, { penalty: number; untilMs: number }>();

  constructor(options: CuratorOptions) {
    if (!(options.dailyBudget > 0)) throw new Error('dailyBudget must be > 0');
    this.#o = { overExposure: 2.5, penalty: 0.3, demotionMs: 4 * 3_600_000, ...options };
  }

  #rollDay(): void {
    const now = this.#o.clock.now();
    const day = Math.floor(now / DAY_MS);
    if (day !== this.#day) {
      this.#day = day;
      this.#used = 0;
      this.#penalties.clear();
    }
    for (const [id, p] of this.#penalties) if (now >= p.untilMs) this.#penalties.delete(id);
  }

  /** Review one batch of selections (ids picked, with repeats) out of `universe` items. */
  review(picks: readonly string[], universe: number): CuratorReview {
    this.#rollDay();
    const counts = new Map<string, number>();
    for (const id of picks) counts.set(id, (counts.get(id) ?? 0) + 1);
    const fair = picks.length / Math.max(1, universe);
    const over = [...counts]
      .filter(([id, c]) => c > this.#o.overExposure * fair && !this.#penalties.has(id))
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const room = Math.max(0, this.#o.dailyBudget - this.#used);
    const demoted = over.slice(0, room).map(([id]) => id);
    const untilMs = this.#o.clock.now() + this.#o.demotionMs;
    for (const id of demoted) this.#penalties.set(id, { penalty: this.#o.penalty, untilMs });
    this.#used += demoted.length;
    return {
      proposed: over.length,
      applied: demoted.length,
      budgetUsedPct: (100 * this.#used) / this.#o.dailyBudget,
      demoted,
    };
  }

  /** Current score penalty of an item (0 when not demoted today). */
  penalty(id: string): number {
    return this.#penalties.get(id)?.penalty ?? 0;
  }

  budgetUsedPct(): number {
    this.#rollDay();
    return (100 * this.#used) / this.#o.dailyBudget;
  }
}
