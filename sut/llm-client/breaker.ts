import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  SamplingBreaker,
  circuitBreaker,
  handleWhen,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import type { BreakerState, BreakerTransition } from '../../harness/stress/client-contract.ts';
import { COUNTS_FOR_BREAKER, LlmCallError } from './errors.ts';

export interface BreakerOptions {
  /** `consecutive`: open after N failures in a row. `sampling`: open when the failure ratio over a window passes the threshold. */
  mode: 'consecutive' | 'sampling';
  /** consecutive: failures in a row. */
  consecutiveFailures: number;
  /** sampling: failure ratio (0-1) over `windowMs`, with at least `minimumRps` calls per second. */
  threshold: number;
  windowMs: number;
  minimumRps: number;
  /** Open state lasts this long before one trial call is let through (half-open). */
  halfOpenAfterMs: number;
}

const NAMES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'open',
};

export { BrokenCircuitError };

/**
 * cockatiel's circuit breaker (closed → open → half-open with one trial call → closed), counting
 * only failures that say the server is unhealthy, and reporting each transition with its cause.
 */
export function createBreaker(
  opts: BreakerOptions,
  onTransition: (t: BreakerTransition) => void,
): CircuitBreakerPolicy {
  const policy = circuitBreaker(
    handleWhen((e) => e instanceof LlmCallError && COUNTS_FOR_BREAKER.has(e.category)),
    {
      halfOpenAfter: opts.halfOpenAfterMs,
      breaker:
        opts.mode === 'consecutive'
          ? new ConsecutiveBreaker(opts.consecutiveFailures)
          : new SamplingBreaker({ threshold: opts.threshold, duration: opts.windowMs, minimumRps: opts.minimumRps }),
    },
  );
  let state: BreakerState = 'closed';
  let breakCause = '';
  policy.onBreak((reason) => {
    const err = 'error' in reason ? reason.error : undefined;
    const what = err instanceof LlmCallError ? err.category : 'isolated' in reason ? 'isolated' : 'failure';
    breakCause =
      state === 'half-open'
        ? `trial call failed (${what})`
        : opts.mode === 'consecutive'
          ? `${opts.consecutiveFailures} consecutive failures (last: ${what})`
          : `failure ratio over ${opts.windowMs} ms above ${opts.threshold} (last: ${what})`;
  });
  policy.onStateChange((s) => {
    const to = NAMES[s];
    const cause =
      to === 'open'
        ? breakCause
        : to === 'half-open'
          ? `open for ${opts.halfOpenAfterMs} ms: trial call let through`
          : 'trial call succeeded';
    const from = state;
    state = to;
    onTransition({ from, to, cause });
  });
  return policy;
}
