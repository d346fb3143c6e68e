import type { CallSample } from './load-runner.ts';

/**
 * Request header every stress client forwards on every HTTP attempt of a call (the harness passes it
 * in `StressCallRequest.headers`), so the server's records can be joined to the calls that caused them.
 */
export const CALL_ID_HEADER = 'x-gauntlet-call-id';

/** What the resilience check needs from one served request. */
export interface AttemptRecord {
  callId?: string;
  fault: string;
  status: number;
  /** The client went away before the answer ended (its own timeout, say): not a complete answer either. */
  clientAborted?: boolean;
}

/** Faults after which a 200 answer is not a complete answer: the client must not call it a success. */
export const TRUNCATING_FAULTS: ReadonlySet<string> = new Set(['truncate', 'no-done', 'malformed']);

export interface TruncatedSuccesses {
  /** False when no served request carried a call id: the check cannot attribute answers to calls. */
  attributable: boolean;
  /** Calls the client returned as a success although no attempt of theirs was served a complete answer. */
  callIds: number[];
  /** Successful, non-cached calls for which the server holds no record at all (a client that drops the call-id header). */
  unmatched: number;
}

/**
 * Find calls returned as a success whose every served attempt was cut, ended without `[DONE]`
 * (or `message_stop`), or malformed: the client accepted a truncated answer. Pure.
 */
export function truncatedSuccesses(
  samples: readonly CallSample[],
  records: readonly AttemptRecord[],
): TruncatedSuccesses {
  const complete = new Set<string>();
  const seen = new Set<string>();
  for (const r of records) {
    if (r.callId === undefined) continue;
    seen.add(r.callId);
    if (r.status === 200 && !TRUNCATING_FAULTS.has(r.fault) && !r.clientAborted) complete.add(r.callId);
  }
  if (seen.size === 0) return { attributable: false, callIds: [], unmatched: 0 };
  const callIds: number[] = [];
  let unmatched = 0;
  for (const s of samples) {
    if (s.outcome !== 'success' || s.cached) continue;
    const id = String(s.id);
    if (!seen.has(id)) unmatched++;
    else if (!complete.has(id)) callIds.push(s.id);
  }
  return { attributable: true, callIds: callIds.sort((a, b) => a - b), unmatched };
}
