import { IncomingMessage, ServerResponse } from 'node:http';
import { realClock, type Clock } from '../../core/clock.ts';
import { CALL_ID_HEADER, type ServedLog } from '../served-record.ts';
import type { ResponsePlan } from './plan.ts';
import { respond, type Incoming, type MockCore } from './respond.ts';

/** What a server shares with its exchanges: nothing but the exchange is allocated per request. */
export interface ServerScope {
  core: MockCore;
  log: ServedLog;
  timers: Set<NodeJS.Timeout>;
  clock: Clock;
  /** Start of the fault timeline. */
  startedAt: number;
  maxBodyBytes: number;
}

/** A header's value from rawHeaders: reading req.headers makes Node build the whole headers object. */
function rawHeader(raw: string[], lowerName: string): string | undefined {
  for (let i = 0; i < raw.length; i += 2) {
    const k = raw[i]!;
    if (k.length === lowerName.length && (k === lowerName || k.toLowerCase() === lowerName)) return raw[i + 1];
  }
  return undefined;
}

const JSON_HEADERS = ['content-type', 'application/json', 'content-length', '0'];
const SSE_HEADERS = ['content-type', 'text/event-stream', 'cache-control', 'no-cache', 'connection', 'keep-alive'];

/**
 * One request on the HTTP mock: read the body, ask `respond()` for the plan, play it. A class
 * rather than closures: the common case then allocates no functions per request.
 *
 * THE HOT PATH is `onEnd` -> `play` -> `sendNow`: an immediate complete answer (JSON, or a whole
 * event stream) goes out as one writeHead with a reused flat header array and one Buffer body, its
 * bytes copied from a prepared frame (fast-path.ts) when the shape allows. Everything with a
 * delay or a cut goes through `later`/`playSteps`.
 */
export class Exchange implements Incoming {
  readonly arrival: number;
  readonly seq: number;
  readonly method: string;
  readonly route: string;
  body = '';
  ended = false;
  watching = false;
  pending: Set<NodeJS.Timeout> | undefined;
  chunks: Buffer[] | undefined;
  first: Buffer | undefined;
  size = 0;
  tooBig = false;

  constructor(
    readonly req: ExchangeRequest,
    readonly res: ExchangeResponse,
    readonly scope: ServerScope,
  ) {
    this.arrival = scope.clock.now();
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    this.route = q < 0 ? url : url.slice(0, q);
    this.method = req.method ?? 'GET';
    this.seq = scope.log.add(this.arrival - scope.startedAt, this.route);
  }

  // Incoming, read by respond().
  get arrivalMs(): number {
    return this.arrival - this.scope.startedAt;
  }
  get nowMs(): number {
    return this.arrival;
  }
  get created(): number {
    // The real clock counts Unix milliseconds already: no second clock read per request.
    return Math.floor((this.scope.clock === realClock ? this.arrival : Date.now()) / 1000);
  }
  header(name: string): string | undefined {
    return rawHeader(this.req.rawHeaders, name);
  }

  start(): void {
    if (this.method !== 'POST') {
      this.req.resume();
      return this.finish();
    }
    this.req.exchange = this;
    this.req.on('data', onData);
    // No 'error' listener: Node (>= 16) emits a request's 'error' only when one is attached.
    this.req.on('end', onEnd);
  }

  onData(c: Buffer): void {
    if (this.tooBig) return;
    this.size += c.length;
    const limit = this.scope.maxBodyBytes;
    if (this.size > limit) {
      this.tooBig = true;
      this.first = undefined;
      this.chunks = undefined;
      const log = this.scope.log;
      log.setFault(this.seq, 'rejected');
      const body = `{"error":{"message":"request body over ${limit} bytes","type":"invalid_request_error","param":null,"code":"request_too_large"}}`;
      this.sendNow(413, body, { connection: 'close' });
    } else if (this.first === undefined) this.first = c;
    else (this.chunks ??= [this.first]).push(c);
  }

  onEnd(): void {
    if (this.tooBig || this.res.destroyed) return;
    const raw = this.chunks ? Buffer.concat(this.chunks) : this.first;
    this.body = raw === undefined ? '' : raw.toString('utf8');
    this.finish();
  }

  finish(): void {
    const o = respond(this.scope.core, this);
    const log = this.scope.log;
    if (o.phase !== 'base') log.setPhase(this.seq, o.phase);
    if (o.fault !== 'none') log.setFault(this.seq, o.fault);
    if (o.forced) log.setForced(this.seq);
    if (o.stream) log.setStream(this.seq);
    const callId = this.header(CALL_ID_HEADER);
    if (callId !== undefined) log.setCallId(this.seq, callId);
    this.play(o.plan);
  }

  play(p: ResponsePlan): void {
    if (p.end === 'hang') return this.watch(); // the socket stays open until the client (or close()) ends it
    if (p.end === 'reset') {
      this.ended = true;
      return void this.req.socket.resetAndDestroy();
    }
    if (p.end === 'end' && p.headDelayMs <= 0 && p.steps.length === 1 && p.steps[0]!.delayMs <= 0) {
      return this.sendNow(p.status, p.steps[0]!.text, p.headers, p.contentType === 'text/event-stream');
    }
    this.later(p.headDelayMs, () => {
      this.scope.log.setStatus(this.seq, p.status);
      const flat =
        p.contentType === 'text/event-stream'
          ? SSE_HEADERS.slice()
          : [
              'content-type',
              p.contentType,
              'content-length',
              String(p.contentLength ?? Buffer.byteLength(p.steps[0]?.text ?? '')),
            ];
      for (const k in p.headers) flat.push(k, p.headers[k]!);
      this.res.writeHead(p.status, flat);
      this.playSteps(p, 0);
    });
  }

  playSteps(p: ResponsePlan, i: number): void {
    if (i === p.steps.length) {
      if (p.end === 'cut') return this.cut();
      this.ended = true;
      return void this.res.end();
    }
    const step = p.steps[i]!;
    this.later(step.delayMs, () => {
      this.scope.log.addBytes(this.seq, Buffer.byteLength(step.text));
      this.res.write(step.text);
      this.playSteps(p, i + 1);
    });
  }

  /**
   * THE FAST PATH: a complete answer at once (JSON with a content-length, or a whole event stream
   * sent chunked in one piece), one writeHead with a reused flat header array and one Buffer.
   */
  sendNow(status: number, text: string | Buffer, headers: Record<string, string> | undefined, sse = false): void {
    // Encoded here rather than by Node: a Buffer body goes out after the header in one writev,
    // where a string body is first concatenated to the header string and the whole re-encoded.
    // A prepared frame (fast-path.ts) arrives as bytes already.
    const body = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
    this.ended = true;
    this.scope.log.answered(
      this.seq,
      status,
      body.length,
      this.watching ? undefined : this.scope.clock.now() - this.arrival,
    );
    // writeHead copies a flat array into the header string at once, so the common case reuses one array.
    let flat = JSON_HEADERS;
    if (sse) flat = SSE_HEADERS;
    else flat[3] = String(body.length);
    if (headers) {
      flat = flat.slice();
      for (const k in headers) flat.push(k, headers[k]!);
    }
    this.res.writeHead(status, flat);
    this.res.end(body);
    // A prepared frame's bytes written whole already (nothing left queued): the frame may reuse them.
    if (body === text && this.res.writableLength === 0 && this.res.socket) this.scope.core.frames?.returned(body);
  }

  /** Watch for the client going away; only needed once a response is deferred. */
  watch(): void {
    if (this.watching) return;
    this.watching = true;
    this.res.exchange = this;
    this.res.on('close', onClose);
  }

  onClose(): void {
    const log = this.scope.log;
    log.setDuration(this.seq, this.scope.clock.now() - this.arrival);
    if (!this.ended) log.setAborted(this.seq);
    if (this.pending) {
      for (const t of this.pending) {
        clearTimeout(t);
        this.scope.timers.delete(t);
      }
    }
  }

  later(ms: number, fn: () => void): void {
    this.watch();
    if (ms <= 0) return fn();
    const pending = (this.pending ??= new Set());
    const t = setTimeout(() => {
      pending.delete(t);
      this.scope.timers.delete(t);
      if (!this.res.destroyed) fn();
    }, ms);
    pending.add(t);
    this.scope.timers.add(t);
  }

  /** End the connection after what was written is flushed, without ending the HTTP message. */
  cut(): void {
    this.ended = true;
    if (this.res.socket) this.res.socket.end();
    else this.res.destroy();
  }
}

/**
 * The mock server's request and response classes (`createServer({ IncomingMessage, ServerResponse })`):
 * they carry their exchange in a declared field, so the shared listeners below find it without a
 * closure per request, and without a property added to Node's own objects on every request (which
 * would give them a second hidden class, slowing Node's own code that reads them).
 */
export class ExchangeRequest extends IncomingMessage {
  exchange: Exchange | undefined = undefined;
}
export class ExchangeResponse extends ServerResponse<ExchangeRequest> {
  exchange: Exchange | undefined = undefined;
}

// Shared listeners (no function allocated per request): the emitter carries its exchange.
function onData(this: ExchangeRequest, c: Buffer): void {
  this.exchange!.onData(c);
}
function onEnd(this: ExchangeRequest): void {
  this.exchange!.onEnd();
}
function onClose(this: ExchangeResponse): void {
  this.exchange!.onClose();
}
