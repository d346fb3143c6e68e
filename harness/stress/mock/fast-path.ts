/**
 * THE FAST PATH of the HTTP mock: prepared response frames.
 *
 * A healthy answer (no fault, no latency) is the same bytes for every request of one shape (route,
 * model, stream, token count, the request options the route echoes) except for a few numbers: the
 * request's sequence number (in ids), the `created` time, the prompt tokens and the total. So the
 * answer of a shape is rendered once, by the route's own `render()`, with sentinel values in those
 * places, cut into static bytes and numeric slots, and every later request of that shape only writes
 * its digits into the slots: one Buffer, no rendering, no UTF-8 encoding, and no allocation while
 * each answer is written whole before the next (the usual case; else the next is written into a copy).
 *
 * The key is what the answer depends on, read from the parsed and validated request (the request
 * body is always parsed and honoured), never the body's bytes: requests with different prompts share
 * a frame. A frame is used only after a second render with other sentinel values, filled through
 * the frame, came out byte-identical; a shape that fails that check (an echoed field that happens
 * to contain a sentinel) is rendered per request as before. Faults, latency, tool calls, replay
 * and embeddings always take the general path (`planFromRendered`).
 *
 * Exchange.sendNow writes the result: one writeHead with a reused header array, one Buffer.
 */
import type { FaultDecision } from '../fault-model.ts';
import { planFromRendered } from './plan.ts';
import type { RenderContext, Route, RouteRequest } from './route.ts';

/** The numbers a frame leaves open, in slot-kind order. */
const SEQ = 0;
const CREATED = 1;
const PROMPT = 2;
const TOTAL = 3;
const KINDS = 4;

/** Two sets of sentinels (seq, created, prompt tokens): 10 digits, no shared prefix, unlike anything a route writes. */
const SENTINELS_A = [7301946285, 8412057396, 5190283746] as const;
const SENTINELS_B = [6203857194, 9523168407, 3081726455] as const;

/** How many shapes a server prepares (the oldest is dropped past it), and the largest answer it prepares. */
const MAX_FRAMES = 256;
const MAX_FRAME_BYTES = 1 << 16;

const NO_FAULT: FaultDecision = {
  phase: 'base',
  fault: null,
  forced: false,
  ttftMs: 0,
  tokenDelaysMs: [],
  completionTokens: 1,
};

/** True when a decision answers at once and whole: no fault, no time to first token, no delay between tokens. */
export function isImmediate(d: FaultDecision): boolean {
  if (d.fault !== null || d.ttftMs > 0) return false;
  const delays = d.tokenDelaysMs;
  for (let i = 0; i < delays.length; i++) if (delays[i]! > 0) return false;
  return true;
}

/** One shape's answer: static bytes with numeric slots, and a master copy laid out for the last values written. */
class Frame {
  /** Static bytes: `segments[i]`, then slot i, ..., then the last segment. */
  private readonly segments: Buffer[];
  private readonly kinds: Uint8Array;
  private master: Buffer | undefined;
  /** Byte offsets of the slots of each kind in `master`. */
  private readonly at: number[][] = [[], [], [], []];
  /** The values `master` holds now, per kind. */
  private readonly held = [-1, -1, -1, -1];
  private readonly heldLength = [0, 0, 0, 0];
  /** The master was handed out and may still be queued for writing. */
  private lent = false;

  constructor(
    segments: string[],
    kinds: number[],
    private readonly n: number,
  ) {
    this.segments = segments.map((s) => Buffer.from(s, 'utf8'));
    this.kinds = Uint8Array.from(kinds);
  }

  /**
   * The answer's bytes for these numbers: the frame's own master copy, lent to the caller until it
   * says the bytes were written (`returned`); until then the next answer is written into a copy.
   */
  fill(seq: number, created: number, prompt: number): Buffer {
    const total = prompt + this.n;
    // Bytes still being written are not the frame's to change: continue on a copy.
    if (this.lent && this.master !== undefined) this.unlend();
    if (
      this.master === undefined ||
      !(this.set(SEQ, seq) && this.set(CREATED, created) && this.set(PROMPT, prompt) && this.set(TOTAL, total))
    )
      this.layout(seq, created, prompt, total);
    this.lent = true;
    return this.master!;
  }

  /** The bytes last lent were written whole: the master may be changed again. */
  returned(bytes: Buffer): void {
    if (bytes === this.master) this.lent = false;
  }

  /** Continue on a copy of a lent master. */
  private unlend(): void {
    const copy = Buffer.allocUnsafeSlow(this.master!.length);
    copy.set(this.master!);
    this.master = copy;
    this.lent = false;
  }

  /** Write a number into every slot of its kind; false when its digit count differs (then the master is laid out anew). */
  private set(kind: number, value: number): boolean {
    if (this.held[kind] === value) return true;
    const s = String(value);
    if (s.length !== this.heldLength[kind]) return false;
    this.held[kind] = value;
    const master = this.master!;
    const at = this.at[kind]!;
    for (let k = 0; k < at.length; k++) {
      const p = at[k]!;
      for (let j = 0; j < s.length; j++) master[p + j] = s.charCodeAt(j);
    }
    return true;
  }

  /** Build the master copy for values whose digit counts changed. */
  private layout(seq: number, created: number, prompt: number, total: number): void {
    const values = [String(seq), String(created), String(prompt), String(total)];
    let length = 0;
    for (const s of this.segments) length += s.length;
    for (const kind of this.kinds) length += values[kind]!.length;
    const master = Buffer.allocUnsafeSlow(length);
    for (const a of this.at) a.length = 0;
    let p = 0;
    for (let i = 0; i < this.kinds.length; i++) {
      p += this.segments[i]!.copy(master, p);
      const kind = this.kinds[i]!;
      this.at[kind]!.push(p);
      p += master.write(values[kind]!, p, 'latin1');
    }
    this.segments[this.kinds.length]!.copy(master, p);
    this.master = master;
    this.held[SEQ] = seq;
    this.held[CREATED] = created;
    this.held[PROMPT] = prompt;
    this.held[TOTAL] = total;
    for (let k = 0; k < KINDS; k++) this.heldLength[k] = values[k]!.length;
  }
}

/** The whole answer text a route renders for these numbers, as the general path would send it at once. */
function wholeText(
  route: Route,
  req: RouteRequest,
  ctx: RenderContext,
  [seq, created, prompt]: readonly number[],
): string {
  const r = route.render({ ...req, promptTokens: prompt! }, { ...ctx, seq: seq!, created: created! });
  const step = planFromRendered(route.provider, r, { ...NO_FAULT, completionTokens: ctx.completionTokens }).steps[0];
  return typeof step?.text === 'string' ? step.text : '';
}

/** Cut a text rendered with sentinels into static segments and the slot kinds between them. */
function cut(text: string, sentinels: readonly number[], n: number): { segments: string[]; kinds: number[] } {
  const needles = [String(sentinels[0]), String(sentinels[1]), String(sentinels[2]), String(sentinels[2]! + n)];
  const hits: Array<[number, number]> = [];
  for (let kind = 0; kind < KINDS; kind++)
    for (let i = text.indexOf(needles[kind]!); i >= 0; i = text.indexOf(needles[kind]!, i + 1)) hits.push([i, kind]);
  hits.sort((a, b) => a[0] - b[0]);
  const segments: string[] = [];
  const kinds: number[] = [];
  let from = 0;
  for (const [i, kind] of hits) {
    segments.push(text.slice(from, i));
    kinds.push(kind);
    from = i + needles[kind]!.length;
  }
  segments.push(text.slice(from));
  return { segments, kinds };
}

/** Join segments with numbers: what a frame's bytes decode to (the check of a frame). */
function join(segments: string[], kinds: number[], values: readonly number[], n: number): string {
  let s = segments[0]!;
  for (let i = 0; i < kinds.length; i++) {
    const kind = kinds[i]!;
    s += String(kind === TOTAL ? values[PROMPT]! + n : values[kind]!) + segments[i + 1]!;
  }
  return s;
}

/** The prepared frames of one server: shape key -> frame, or null for a shape that cannot be prepared. */
export class PreparedFrames {
  private readonly frames = new Map<string, Frame | null>();
  /** The frame whose bytes were handed out last (answer() and the write that follows are synchronous). */
  private lender: Frame | undefined;
  /** The last shape asked for and its frame. */
  private readonly last: {
    route: Route | undefined;
    model: string;
    stream: boolean;
    n: number;
    capped: boolean;
    shape: string;
    frame: Frame | null;
  } = { route: undefined, model: '', stream: false, n: -1, capped: false, shape: '', frame: null };

  /**
   * The bytes of an immediate, fault-free answer of `route` to `req`, or undefined when this
   * request takes the general path (a route or request shape that is not prepared).
   */
  answer(route: Route, req: RouteRequest, ctx: RenderContext): Buffer | undefined {
    const shape = route.frameKey?.(req);
    if (shape === undefined) return undefined;
    const n = ctx.completionTokens;
    const m = this.last;
    let frame: Frame | null | undefined;
    // A load usually repeats one shape: compare with the last one before building a key.
    if (
      m.route === route &&
      m.model === req.model &&
      m.stream === req.stream &&
      m.n === n &&
      m.capped === ctx.capped &&
      m.shape === shape
    )
      frame = m.frame;
    else {
      const key = `${route.path}\n${req.model}\n${req.stream}\n${n}\n${ctx.capped}\n${shape}`;
      frame = this.frames.get(key);
      if (frame === undefined) frame = this.prepare(key, route, req, ctx);
      m.route = route;
      m.model = req.model;
      m.stream = req.stream;
      m.n = n;
      m.capped = ctx.capped;
      m.shape = shape;
      m.frame = frame;
    }
    if (frame === null) return undefined;
    this.lender = frame;
    return frame.fill(ctx.seq, ctx.created, req.promptTokens);
  }

  /**
   * Bytes from `answer()` were handed to the kernel whole (the socket holds no reference to them):
   * their frame may write the next answer into the same memory instead of a copy.
   */
  returned(bytes: Buffer): void {
    this.lender?.returned(bytes);
    this.lender = undefined;
  }

  private prepare(key: string, route: Route, req: RouteRequest, ctx: RenderContext): Frame | null {
    const n = ctx.completionTokens;
    const a = wholeText(route, req, ctx, SENTINELS_A);
    const { segments, kinds } = cut(a, SENTINELS_A, n);
    const ok =
      a.length <= MAX_FRAME_BYTES && join(segments, kinds, SENTINELS_B, n) === wholeText(route, req, ctx, SENTINELS_B);
    const frame = ok ? new Frame(segments, kinds, n) : null;
    if (this.frames.size >= MAX_FRAMES) this.frames.delete(this.frames.keys().next().value!);
    this.frames.set(key, frame);
    return frame;
  }

  /** How many shapes are held (prepared or refused). */
  get size(): number {
    return this.frames.size;
  }
}
