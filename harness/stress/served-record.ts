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
  /** The request's `x-gauntlet-call-id` header (one logical call, every attempt of it), when sent. */
  callId?: string;
}

/** Request header naming the logical call an attempt belongs to (recorded as `callId`, and a `times=N` key). */
export const CALL_ID_HEADER = 'x-gauntlet-call-id';

export function faultLabel(f: { type: string; status?: number } | null): string {
  if (!f) return 'none';
  return f.type === 'status' ? `status:${f.status}` : f.type;
}

const FORCED = 1;
const STREAM = 2;
const ABORTED = 4;

/** Counts over every request a server received, kept records or not. */
export interface ServedSummary {
  total: number;
  /** Records still kept (the last `window`). */
  kept: number;
  byStatus: Record<string, number>;
  byFault: Record<string, number>;
  byRoute: Record<string, number>;
}

/** How many records a server keeps by default (about 40 bytes each: ~10 MB at most). */
export const DEFAULT_RECORD_WINDOW = 262_144;

/**
 * The records of a server, stored column by column in typed arrays with interned strings, so a
 * long run keeps a few flat arrays alive instead of one object per request (a million live objects
 * slow every GC). Bounded: the last `window` records are kept (a ring), and the ones that fall out
 * are folded into counters, so a server that runs for hours stays flat in memory while
 * `summary()` still counts everything. `ServedRecord` objects are built only when asked for.
 */
export class ServedLog {
  private cap = 1024;
  private mask = 1023;
  private readonly window: number;
  private arrival = new Float64Array(this.cap);
  private duration = new Float64Array(this.cap);
  private bytesCol = new Float64Array(this.cap);
  private statusCol = new Uint16Array(this.cap);
  private flags = new Uint8Array(this.cap);
  private routeCol = new Uint32Array(this.cap);
  private phaseCol = new Uint32Array(this.cap);
  private faultCol = new Uint32Array(this.cap);
  private callIds: Array<string | undefined> = new Array<string | undefined>(this.cap);
  private readonly strings: string[] = ['base', 'none', 'rejected'];
  private readonly ids = new Map<string, number>([
    ['base', 0],
    ['none', 1],
    ['rejected', 2],
  ]);
  private readonly evicted = {
    status: new Map<number, number>(),
    fault: new Map<number, number>(),
    route: new Map<number, number>(),
  };
  private lastRoute = '';
  private lastRouteId = 0;
  /** Records so far, kept or not (the next one's seq). */
  length = 0;

  /** `window`: how many records to keep, rounded up to a power of two (at least 1024). */
  constructor(window = DEFAULT_RECORD_WINDOW) {
    this.window = 2 ** Math.max(10, Math.ceil(Math.log2(Math.max(1, window))));
  }

  /** Intern a string: its index in the string table. Labels are few (routes, phases, faults); unknown routes share one. */
  intern(s: string): number {
    let i = this.ids.get(s);
    if (i === undefined) {
      if (this.strings.length >= 4096) return this.intern('(other)');
      i = this.strings.length;
      this.strings.push(s);
      this.ids.set(s, i);
    }
    return i;
  }

  /** The slot of a kept record, or -1 once it has fallen out of the window. */
  private slot(seq: number): number {
    return seq >= this.length - this.cap ? seq & this.mask : -1;
  }

  /** A new record (phase `base`, fault `none`, nothing sent yet); returns its seq. */
  add(arrivalMs: number, route: string): number {
    const seq = this.length;
    if (seq === this.cap && this.cap < this.window) this.grow();
    const i = seq & this.mask;
    if (seq >= this.cap) this.evict(i);
    this.length = seq + 1;
    if (route !== this.lastRoute) {
      this.lastRoute = route;
      this.lastRouteId = this.intern(route);
    }
    this.arrival[i] = arrivalMs;
    this.routeCol[i] = this.lastRouteId;
    this.duration[i] = 0;
    this.bytesCol[i] = 0;
    this.statusCol[i] = 0;
    this.flags[i] = 0;
    this.phaseCol[i] = 0;
    this.faultCol[i] = 1;
    this.callIds[i] = undefined;
    return seq;
  }

  private evict(i: number): void {
    const e = this.evicted;
    e.status.set(this.statusCol[i]!, (e.status.get(this.statusCol[i]!) ?? 0) + 1);
    e.fault.set(this.faultCol[i]!, (e.fault.get(this.faultCol[i]!) ?? 0) + 1);
    e.route.set(this.routeCol[i]!, (e.route.get(this.routeCol[i]!) ?? 0) + 1);
  }

  arrivalMs(seq: number): number {
    return this.arrival[seq & this.mask]!;
  }
  setDuration(seq: number, ms: number): void {
    const i = this.slot(seq);
    if (i >= 0) this.duration[i] = ms;
  }
  setStatus(seq: number, status: number): void {
    const i = this.slot(seq);
    if (i >= 0) this.statusCol[i] = status;
  }
  addBytes(seq: number, n: number): void {
    const i = this.slot(seq);
    if (i >= 0) this.bytesCol[i]! += n;
  }
  /** A whole answer was sent: its status, its body bytes and, unless undefined, the request's duration. */
  answered(seq: number, status: number, bytes: number, durationMs: number | undefined): void {
    const i = this.slot(seq);
    if (i < 0) return;
    this.statusCol[i] = status;
    this.bytesCol[i]! += bytes;
    if (durationMs !== undefined) this.duration[i] = durationMs;
  }
  setFault(seq: number, label: string): void {
    const i = this.slot(seq);
    if (i >= 0) this.faultCol[i] = this.intern(label);
  }
  setPhase(seq: number, name: string): void {
    const i = this.slot(seq);
    if (i >= 0) this.phaseCol[i] = this.intern(name);
  }
  setCallId(seq: number, id: string): void {
    const i = this.slot(seq);
    if (i >= 0) this.callIds[i] = id;
  }
  private flag(seq: number, bit: number): void {
    const i = this.slot(seq);
    if (i >= 0) this.flags[i]! |= bit;
  }
  setForced(seq: number): void {
    this.flag(seq, FORCED);
  }
  setStream(seq: number): void {
    this.flag(seq, STREAM);
  }
  setAborted(seq: number): void {
    this.flag(seq, ABORTED);
  }

  /** The first seq still kept. */
  get firstKept(): number {
    return Math.max(0, this.length - this.cap);
  }

  get(seq: number): ServedRecord {
    const i = this.slot(seq);
    if (i < 0 || seq >= this.length)
      throw new RangeError(`record ${seq} is not kept (kept: ${this.firstKept}..${this.length - 1})`);
    const f = this.flags[i]!;
    const callId = this.callIds[i];
    return {
      seq,
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
      ...(callId === undefined ? {} : { callId }),
    };
  }

  /** Every kept record as objects, oldest first (a fresh array of fresh objects). */
  toArray(): ServedRecord[] {
    const out: ServedRecord[] = [];
    for (let s = this.firstKept; s < this.length; s++) out.push(this.get(s));
    return out;
  }

  /** Counts over every request, the ones no longer kept included. */
  summary(): ServedSummary {
    const byStatus: Record<string, number> = {};
    const byFault: Record<string, number> = {};
    const byRoute: Record<string, number> = {};
    const add = (m: Record<string, number>, k: string, n = 1) => (m[k] = (m[k] ?? 0) + n);
    for (const [k, n] of this.evicted.status) add(byStatus, String(k), n);
    for (const [k, n] of this.evicted.fault) add(byFault, this.strings[k]!, n);
    for (const [k, n] of this.evicted.route) add(byRoute, this.strings[k]!, n);
    for (let s = this.firstKept; s < this.length; s++) {
      const i = s & this.mask;
      add(byStatus, String(this.statusCol[i]));
      add(byFault, this.strings[this.faultCol[i]!]!);
      add(byRoute, this.strings[this.routeCol[i]!]!);
    }
    return { total: this.length, kept: this.length - this.firstKept, byStatus, byFault, byRoute };
  }

  private grow(): void {
    const cap = this.cap * 2;
    const grow = <T extends Float64Array | Uint32Array | Uint16Array | Uint8Array>(
      a: T,
      make: new (n: number) => T,
    ): T => {
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
    this.callIds.length = cap;
    this.cap = cap;
    this.mask = cap - 1;
  }
}
