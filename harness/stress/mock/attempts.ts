/**
 * Counts attempts of logical requests, for `x-gauntlet-fault: 503;times=2` ("fail the first two
 * attempts, then succeed"). Bounded: past `max` keys the oldest are forgotten, so a long-running
 * mock does not grow.
 */
export class AttemptBook {
  private readonly seen = new Map<string, number>();
  constructor(private readonly max = 10_000) {}

  /** This attempt's number for `key` (0 for the first), counting it. */
  next(key: string): number {
    const n = this.seen.get(key) ?? 0;
    this.seen.delete(key);
    this.seen.set(key, n + 1);
    if (this.seen.size > this.max) this.seen.delete(this.seen.keys().next().value!);
    return n;
  }

  get size(): number {
    return this.seen.size;
  }
}

/**
 * The attempt number of a request: an `idempotency-key` (or gauntlet's `x-gauntlet-call-id`) header counts attempts per key; else the
 * official SDKs' `x-stainless-retry-count` (0 on the first try, 1 on the first retry ...); else a
 * count per identical route + body.
 */
export function attemptOf(
  book: AttemptBook,
  inc: { header(name: string): string | undefined },
  route: string,
  body: string,
): number {
  const key = inc.header('idempotency-key') ?? inc.header('x-gauntlet-call-id');
  if (key) return book.next(`k:${key}`);
  const retry = inc.header('x-stainless-retry-count');
  if (retry !== undefined && /^\d+$/.test(retry)) return Number(retry);
  return book.next(`b:${route}\n${body}`);
}
