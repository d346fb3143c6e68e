import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { realClock, type Clock } from '../core/clock.ts';
import { createFaultModel, FORCE_FAULT_HEADER, type FaultDecision, type FaultModel, type PhaseSpan } from './fault-model.ts';
import { healthyProfile, type FaultProfile, type FaultProfileInput } from './profile-schema.ts';
import { loadFaultProfile, parseFaultProfile } from './load-profile.ts';
import { chatCompletionJson, errorBody, modelList, sseChunk, SSE_DONE, tokenText, usageOf, type ChatRequest } from './openai-shapes.ts';
import { faultLabel, ServedLog, type ServedRecord } from './served-record.ts';

export interface MockServerOptions {
  /** A validated profile, a profile object to validate, or a YAML/JSON file path. Default: healthy. */
  profile?: FaultProfile | FaultProfileInput | string;
  seed?: number;
  /** 0 (default) picks a free port. The server only ever listens on 127.0.0.1. */
  port?: number;
  clock?: Clock;
}

export interface MockServer {
  /** `http://127.0.0.1:PORT` (append `/v1` for an OpenAI SDK baseURL). */
  url: string;
  port: number;
  /** Start of the fault timeline (server start, or the last `restartTimeline()`); record arrivals and phases are relative to it. */
  readonly startedAt: number;
  /** Start the fault phases (and arrival times) from now: call it right before the load begins. */
  restartTimeline(): void;
  phases: PhaseSpan[];
  /** Every request served so far (a copy). */
  records(): ServedRecord[];
  /** How many requests were received so far (records().length, without building the records). */
  servedCount(): number;
  /** Stop listening, cut open connections (hanging requests included), clear timers. */
  close(): Promise<void>;
}

/** Start the mock OpenAI-compatible server on 127.0.0.1. */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const profile =
    options.profile === undefined
      ? healthyProfile()
      : typeof options.profile === 'string'
        ? await loadFaultProfile(options.profile)
        : parseFaultProfile(options.profile);
  const clock = options.clock ?? realClock;
  const model = createFaultModel(profile, options.seed ?? 1);
  const log = new ServedLog();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  // One scope per server, shared by its exchanges: nothing but the exchange is allocated per request.
  const scope: ServerScope = { model, log, timers, clock, startedAt: clock.now(), chatRoute: log.intern(CHAT_ROUTE), decideOpts: { forced: undefined, maxTokens: undefined } };

  const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
    new Exchange(req, res, scope).start();
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  scope.startedAt = clock.now();
  const port = (server.address() as { port: number }).port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get startedAt() {
      return scope.startedAt;
    },
    restartTimeline() {
      scope.startedAt = clock.now();
    },
    phases: model.phases,
    records: () => log.toArray(),
    servedCount: () => log.length,
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
        for (const s of sockets) s.destroy();
      });
      return closing;
    },
  };
}

let createdCache = 0;
let createdAt = -Infinity;
/** Unix seconds for `created`, read from the system clock at most every 100 ms. */
function nowSeconds(): number {
  const t = performance.now();
  if (t - createdAt > 100) {
    createdCache = Math.floor(Date.now() / 1000);
    createdAt = t;
  }
  return createdCache;
}

interface ServerScope {
  model: FaultModel;
  log: ServedLog;
  timers: Set<NodeJS.Timeout>;
  clock: Clock;
  /** Start of the fault timeline. */
  startedAt: number;
  /** The interned id of CHAT_ROUTE. */
  chatRoute: number;
  decideOpts: { forced: string | undefined; maxTokens: number | undefined };
}

const JSON_HEADERS = ['content-type', 'application/json', 'content-length', '0'];

const CHAT_ROUTE = '/v1/chat/completions';

/** A header's value from rawHeaders: reading req.headers makes Node 20 build the whole headers object. */
function rawHeader(raw: string[], lowerName: string): string | undefined {
  for (let i = 0; i < raw.length; i += 2) {
    const k = raw[i]!;
    if (k.length === lowerName.length && (k === lowerName || k.toLowerCase() === lowerName)) return raw[i + 1];
  }
  return undefined;
}

/**
 * One request and its response. A class rather than closures: the hot path (an immediate
 * completion) then allocates no functions per request, which matters for the mock's throughput.
 */
class Exchange {
  readonly arrival: number;
  readonly seq: number;
  readonly route: string;
  ended = false;
  watching = false;
  pending: Set<NodeJS.Timeout> | undefined;
  chunks: Buffer[] | undefined;
  first: Buffer | undefined;
  size = 0;
  tooBig = false;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly scope: ServerScope,
  ) {
    this.arrival = scope.clock.now();
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    this.route = q < 0 ? url : url.slice(0, q);
    this.seq = scope.log.add(this.arrival - scope.startedAt, this.route === CHAT_ROUTE ? scope.chatRoute : scope.log.intern(this.route));
  }

  start(): void {
    const { req, route } = this;
    if (req.method === 'GET' && route === '/health') return this.send(200, '{"status":"ok"}');
    if (req.method === 'GET' && route === '/v1/models') return this.send(200, JSON.stringify(modelList(this.scope.model.profile.model)));
    if (route !== CHAT_ROUTE || req.method !== 'POST') {
      this.reject();
      req.resume();
      return this.fail(404, `unknown route ${req.method} ${route}`);
    }
    (req as Carrier)[EXCHANGE] = this;
    req.on('data', onData);
    // No 'error' listener: Node (>= 16) emits a request's 'error' only when one is attached.
    req.on('end', onEnd);
  }

  reject(): void {
    this.scope.log.setRejected(this.seq);
  }

  /** Watch for the client going away; only needed once a response is deferred. */
  watch(): void {
    if (this.watching) return;
    this.watching = true;
    (this.res as Carrier)[EXCHANGE] = this;
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
    if (ms <= 0) return fn();
    this.watch();
    const pending = (this.pending ??= new Set());
    const t = setTimeout(() => {
      pending.delete(t);
      this.scope.timers.delete(t);
      if (!this.res.destroyed) fn();
    }, ms);
    pending.add(t);
    this.scope.timers.add(t);
  }

  send(status: number, text: string, headers?: Record<string, string>): void {
    // Encoded here rather than by Node: a Buffer body goes out after the header in one writev,
    // where a string body is first concatenated to the header string and the whole re-encoded.
    const body = Buffer.from(text, 'utf8');
    const length = body.length;
    const log = this.scope.log;
    log.setStatus(this.seq, status);
    log.addBytes(this.seq, length);
    this.ended = true;
    if (!this.watching) log.setDuration(this.seq, this.scope.clock.now() - this.arrival);
    // A flat header array is Node's fastest writeHead path; writeHead copies it into the header
    // string at once, so the common case reuses one array.
    let flat = JSON_HEADERS;
    flat[3] = String(length);
    if (headers) {
      flat = flat.slice();
      for (const k in headers) flat.push(k, headers[k]!);
    }
    this.res.writeHead(status, flat);
    this.res.end(body);
  }

  fail(status: number, message: string, headers?: Record<string, string>): void {
    this.send(status, JSON.stringify(errorBody(status, message)), headers);
  }

  /** End the connection after what was written is flushed, without ending the HTTP message. */
  cut(): void {
    this.ended = true;
    if (this.res.socket) this.res.socket.end();
    else this.res.destroy();
  }

  write(s: string): void {
    this.scope.log.addBytes(this.seq, Buffer.byteLength(s));
    this.res.write(s);
  }

  onData(c: Buffer): void {
    if (this.tooBig) return;
    this.size += c.length;
    const limit = this.scope.model.profile.maxBodyBytes;
    if (this.size > limit) {
      this.tooBig = true;
      this.first = undefined;
      this.chunks = undefined;
      this.reject();
      this.fail(413, `request body over ${limit} bytes`, { connection: 'close' });
    } else if (this.first === undefined) this.first = c;
    else (this.chunks ??= [this.first]).push(c);
  }

  onEnd(): void {
    const { req, res, seq, scope } = this;
    const log = scope.log;
    if (this.tooBig || res.destroyed) return;
    let body: ChatRequest;
    try {
      const raw = this.chunks ? Buffer.concat(this.chunks) : this.first;
      // An empty body is not JSON: JSON.parse('') throws, as before.
      body = JSON.parse(raw === undefined ? '' : raw.toString('utf8')) as ChatRequest;
    } catch {
      this.reject();
      return this.fail(400, 'request body is not valid JSON');
    }
    if (typeof body !== 'object' || body === null || !Array.isArray(body.messages) || body.messages.length === 0 || !body.messages.every(isObject)) {
      this.reject();
      return this.fail(400, "'messages' must be a non-empty array of message objects");
    }
    const forcedHeader = rawHeader(req.rawHeaders, FORCE_FAULT_HEADER);
    const maxTokens = body.max_completion_tokens ?? body.max_tokens ?? undefined;
    // decide() reads its options at once: one options object per server, refilled per request.
    const opts = scope.decideOpts;
    opts.forced = forcedHeader;
    opts.maxTokens = typeof maxTokens === 'number' && maxTokens > 0 ? maxTokens : undefined;
    const d = scope.model.decide(log.arrivalMs(seq), opts);
    const f = d.fault;
    if (d.phase !== 'base') log.setPhaseId(seq, log.intern(d.phase));
    if (f !== null) log.setFaultId(seq, log.intern(faultLabel(f)));
    if (d.forced) log.setForced(seq);
    const stream = body.stream === true;
    if (stream) log.setStream(seq);
    const modelName = scope.model.profile.model;
    const id = `chatcmpl-${seq}`;
    const created = nowSeconds();

    if (f?.type === 'hang') return this.watch(); // the socket stays open until the client (or close()) ends it
    if (f?.type === 'reset') {
      this.ended = true;
      return void req.socket.resetAndDestroy();
    }
    if (f?.type === 'status') {
      let headers: Record<string, string> | undefined;
      if (f.retryAfterMs !== undefined) headers = { 'retry-after': String(Math.ceil(f.retryAfterMs / 1000)), 'retry-after-ms': String(f.retryAfterMs) };
      return this.later(f.delayMs ?? 0, () => this.fail(f.status, `injected ${f.status}`, headers));
    }

    if (!stream) {
      let total = d.ttftMs;
      for (const x of d.tokenDelaysMs) total += x;
      if (total <= 0 && f === null) return this.send(200, chatCompletionJson(id, created, modelName, body, d.completionTokens));
      return this.later(total, () => {
        if (f?.type === 'malformed') return this.send(200, `{"id":"${id}","object":"chat.completion","choices":[{"index":0,"message":{"content":`);
        const text = chatCompletionJson(id, created, modelName, body, d.completionTokens);
        if (f?.type === 'truncate') {
          log.setStatus(seq, 200);
          const half = text.slice(0, Math.floor(text.length / 2));
          log.addBytes(seq, Buffer.byteLength(half));
          this.watch();
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
          res.write(half);
          return this.cut();
        }
        this.send(200, text);
      });
    }

    this.stream(body, d, id, created, modelName);
  }

  /** Streaming: headers at once, first token after TTFT, then one token per delay. */
  stream(body: ChatRequest, d: FaultDecision, id: string, created: number, modelName: string): void {
    const { res } = this;
    const f = d.fault;
    this.scope.log.setStatus(this.seq, 200);
    this.watch();
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const includeUsage = body.stream_options?.include_usage === true;
    const n = d.completionTokens;
    const step = (i: number): void => {
      if (f?.type === 'truncate' && i >= f.afterChunks) return this.cut();
      if (f?.type === 'malformed' && i === 1) {
        this.write('data: {"id":"' + id + '","object":"chat.completion.chunk","choices":[{"delta":{"content":\n\n');
      }
      if (i < n) {
        this.write(sseChunk(id, created, modelName, i === 0 ? { role: 'assistant', content: tokenText(0) } : { content: tokenText(i) }, null));
        return this.later(i + 1 < n ? d.tokenDelaysMs[i]! : 0, () => step(i + 1));
      }
      this.write(sseChunk(id, created, modelName, {}, 'stop', includeUsage ? null : undefined));
      if (includeUsage) this.write(sseChunk(id, created, modelName, {}, null, usageOf(body, n)));
      if (f?.type !== 'no-done') this.write(SSE_DONE);
      this.ended = true;
      res.end();
    };
    this.later(d.ttftMs, () => step(0));
  }
}

// Shared listeners (no function allocated per request): the emitter carries its exchange.
const EXCHANGE = Symbol('exchange');
type Carrier = { [EXCHANGE]?: Exchange };
function onData(this: Carrier, c: Buffer): void {
  this[EXCHANGE]!.onData(c);
}
function onEnd(this: Carrier): void {
  this[EXCHANGE]!.onEnd();
}
function onClose(this: Carrier): void {
  this[EXCHANGE]!.onClose();
}

function isObject(m: unknown): boolean {
  return typeof m === 'object' && m !== null;
}
