/** What the mock served for one request (one server-side attempt). */
export interface ServedRecord {
  seq: number;
  /** Arrival, ms since the server started. */
  arrivalMs: number;
  /** Until the response ended or the connection closed, ms. */
  durationMs: number;
  route: string;
  phase: string;
  /** `none`, `status:503`, `hang`, `reset`, `malformed`, `truncate`, `no-done`, or `rejected` (400/404/413). */
  fault: string;
  forced: boolean;
  stream: boolean;
  /** HTTP status sent; 0 when none was (hang, reset). */
  status: number;
  /** Response body bytes written. */
  bytes: number;
  /** The client went away before the response ended. */
  clientAborted: boolean;
}

export function faultLabel(f: { type: string; status?: number } | null): string {
  if (!f) return 'none';
  return f.type === 'status' ? `status:${f.status}` : f.type;
}
