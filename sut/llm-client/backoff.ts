/** Exponential backoff settings. */
export interface BackoffOptions {
  /** First retry waits up to this. */
  baseMs: number;
  /** Cap on the exponential part. */
  maxMs: number;
  /** A server's Retry-After above this is not waited for: the call gives up. */
  maxRetryAfterMs: number;
}

/**
 * Delay before retry number `retry` (0 for the first retry): "full jitter" from AWS's
 * "Exponential Backoff and Jitter" (uniform in [0, min(max, base * 2^retry)]), but never less than
 * the server's Retry-After when it sent one. Returns undefined when the Retry-After is too long.
 */
export function backoffDelayMs(
  retry: number,
  opts: BackoffOptions,
  random: () => number,
  retryAfterMs?: number,
): number | undefined {
  if (retryAfterMs !== undefined && retryAfterMs > opts.maxRetryAfterMs) return undefined;
  const ceiling = Math.min(opts.maxMs, opts.baseMs * 2 ** retry);
  const jittered = random() * ceiling;
  return retryAfterMs === undefined ? jittered : Math.max(retryAfterMs, jittered);
}
