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

const FORCED = 1;
const STREAM = 2;
const ABORTED = 4;

/**
 * The records of a server, stored column by column in typed arrays with interned strings, so a
 * long run keeps a few flat arrays alive instead of one object per request (a million live objects
 * slow every GC). `ServedRecord` objects are built only when `records()` is asked for. A record is
 * its index (== seq).
 */
export class ServedLog {
  private cap = 1024;
  private arrival = new Float64Array(this.cap);
  private duration = new Float64Array(this.cap);
  private bytesCol = new Float64Array(this.cap);
  private statusCol = new Uint16Array(this.cap);
  private flags = new Uint8Array(this.cap);
  private routeCol = new Uint32Array(this.cap);
  private phaseCol = new Uint32Array(this.cap);
  private faultCol = new Uint32Array(this.cap);
  private readonly strings: string[] = ['base', 'none', 'rejected'];
  private readonly ids = new Map<string, number>([
    ['base', 0],
    ['none', 1],
    ['rejected', 2],
  ]);
  /** Records so far (the next one's seq). */
  length = 0;

  /** Intern a string: its index in the string table. */
  intern(s: string): number {
    let i = this.ids.get(s);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(s);
      this.ids.set(s, i);
    }
    return i;
  }

  /** A new record (phase `base`, fault `none`, nothing sent yet); returns its seq. */
  add(arrivalMs: number, routeId: number): number {
    const i = this.length;
    if (i === this.cap) this.grow();
    this.length = i + 1;
    this.arrival[i] = arrivalMs;
    this.routeCol[i] = routeId;
    // The other columns of a fresh slot are already zero: phase 0 = base; fault must be `none`.
    this.faultCol[i] = 1;
    return i;
  }

  arrivalMs(i: number): number {
    return this.arrival[i]!;
  }
  setDuration(i: number, ms: number): void {
    this.duration[i] = ms;
  }
  setStatus(i: number, status: number): void {
    this.statusCol[i] = status;
  }
  addBytes(i: number, n: number): void {
    this.bytesCol[i]! += n;
  }
  setFaultId(i: number, id: number): void {
    this.faultCol[i] = id;
  }
  /** Fault `rejected` (a 400/404/413). */
  setRejected(i: number): void {
    this.faultCol[i] = 2;
  }
  setPhaseId(i: number, id: number): void {
    this.phaseCol[i] = id;
  }
  setForced(i: number): void {
    this.flags[i]! |= FORCED;
  }
  setStream(i: number): void {
    this.flags[i]! |= STREAM;
  }
  setAborted(i: number): void {
    this.flags[i]! |= ABORTED;
  }

  get(i: number): ServedRecord {
    const f = this.flags[i]!;
    return {
      seq: i,
      arrivalMs: this.arrival[i]!,
      durationMs: this.duration[i]!,
      route: this.strings[this.routeCol[i]!]!,
      phase: this.strings[this.phaseCol[i]!]!,
      fault: this.strings[this.faultCol[i]!]!,
      forced: (f & FORCED) !== 0,
      stream: (f & STREAM) !== 0,
      status: this.statusCol[i]!,
      bytes: this.bytesCol[i]!,
      clientAborted: (f & ABORTED) !== 0,
    };
  }

  /** Every record as objects (a fresh array of fresh objects). */
  toArray(): ServedRecord[] {
    const out = new Array<ServedRecord>(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.get(i);
    return out;
  }

  private grow(): void {
    const cap = this.cap * 2;
    const grow = <T extends Float64Array | Uint32Array | Uint16Array | Uint8Array>(a: T, make: new (n: number) => T): T => {
      const b = new make(cap);
      b.set(a);
      return b;
    };
    this.arrival = grow(this.arrival, Float64Array);
    this.duration = grow(this.duration, Float64Array);
    this.bytesCol = grow(this.bytesCol, Float64Array);
    this.statusCol = grow(this.statusCol, Uint16Array);
    this.flags = grow(this.flags, Uint8Array);
    this.routeCol = grow(this.routeCol, Uint32Array);
    this.phaseCol = grow(this.phaseCol, Uint32Array);
    this.faultCol = grow(this.faultCol, Uint32Array);
    this.cap = cap;
  }
}
