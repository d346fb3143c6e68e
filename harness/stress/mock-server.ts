import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { realClock, type Clock } from '../core/clock.ts';
import { createFaultModel, FORCE_FAULT_HEADER, type FaultModel, type PhaseSpan } from './fault-model.ts';
import { healthyProfile, type FaultProfile, type FaultProfileInput } from './profile-schema.ts';
import { loadFaultProfile, parseFaultProfile } from './load-profile.ts';
import { chatCompletionJson, errorBody, modelList, sseChunk, SSE_DONE, tokenText, usageOf, type ChatRequest } from './openai-shapes.ts';
import { faultLabel, type ServedRecord } from './served-record.ts';

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
  const records: ServedRecord[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let seq = 0;
  let startedAt = clock.now();

  const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
    handle(req, res, { model, records, timers, clock, startedAt: () => startedAt, seq: seq++ });
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
  startedAt = clock.now();
  const port = (server.address() as { port: number }).port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get startedAt() {
      return startedAt;
    },
    restartTimeline() {
      startedAt = clock.now();
    },
    phases: model.phases,
    records: () => records.slice(),
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

interface RequestScope {
  model: FaultModel;
  records: ServedRecord[];
  timers: Set<NodeJS.Timeout>;
  clock: Clock;
  startedAt: () => number;
  seq: number;
}

function handle(req: IncomingMessage, res: ServerResponse, scope: RequestScope): void {
  const arrival = scope.clock.now();
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const route = q < 0 ? url : url.slice(0, q);
  const rec: ServedRecord = {
    seq: scope.seq,
    arrivalMs: arrival - scope.startedAt(),
    durationMs: 0,
    route,
    phase: 'base',
    fault: 'none',
    forced: false,
    stream: false,
    status: 0,
    bytes: 0,
    clientAborted: false,
  };
  scope.records.push(rec);
  let ended = false;
  const pending = new Set<NodeJS.Timeout>();
  res.on('close', () => {
    rec.durationMs = scope.clock.now() - arrival;
    if (!ended) rec.clientAborted = true;
    for (const t of pending) {
      clearTimeout(t);
      scope.timers.delete(t);
    }
  });
  const later = (ms: number, fn: () => void) => {
    if (ms <= 0) return fn();
    const t = setTimeout(() => {
      pending.delete(t);
      scope.timers.delete(t);
      if (!res.destroyed) fn();
    }, ms);
    pending.add(t);
    scope.timers.add(t);
  };
  const send = (status: number, body: string, headers: Record<string, string> = {}) => {
    rec.status = status;
    rec.bytes += Buffer.byteLength(body);
    ended = true;
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers });
    res.end(body);
  };
  // End the connection after what was written is flushed, without ending the HTTP message.
  const cut = () => {
    ended = true;
    if (res.socket) res.socket.end();
    else res.destroy();
  };
  const fail = (status: number, message: string, headers: Record<string, string> = {}) => send(status, JSON.stringify(errorBody(status, message)), headers);

  if (req.method === 'GET' && route === '/health') return send(200, '{"status":"ok"}');
  if (req.method === 'GET' && route === '/v1/models') return send(200, JSON.stringify(modelList(scope.model.profile.model)));
  if (route !== '/v1/chat/completions' || req.method !== 'POST') {
    rec.fault = 'rejected';
    req.resume();
    return fail(404, `unknown route ${req.method} ${route}`);
  }

  const limit = scope.model.profile.maxBodyBytes;
  const chunks: Buffer[] = [];
  let size = 0;
  let tooBig = false;
  req.on('data', (c: Buffer) => {
    if (tooBig) return;
    size += c.length;
    if (size > limit) {
      tooBig = true;
      chunks.length = 0;
      rec.fault = 'rejected';
      fail(413, `request body over ${limit} bytes`, { connection: 'close' });
    } else chunks.push(c);
  });
  req.on('error', () => {});
  req.on('end', () => {
    if (tooBig || res.destroyed) return;
    let body: ChatRequest;
    try {
      body = JSON.parse((chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8')) as ChatRequest;
    } catch {
      rec.fault = 'rejected';
      return fail(400, 'request body is not valid JSON');
    }
    if (typeof body !== 'object' || body === null || !Array.isArray(body.messages) || body.messages.length === 0 || body.messages.some((m) => typeof m !== 'object' || m === null)) {
      rec.fault = 'rejected';
      return fail(400, "'messages' must be a non-empty array of message objects");
    }
    const forcedHeader = req.headers[FORCE_FAULT_HEADER];
    const maxTokens = body.max_completion_tokens ?? body.max_tokens ?? undefined;
    const d = scope.model.decide(rec.arrivalMs, {
      forced: typeof forcedHeader === 'string' ? forcedHeader : undefined,
      maxTokens: typeof maxTokens === 'number' && maxTokens > 0 ? maxTokens : undefined,
    });
    rec.phase = d.phase;
    rec.fault = faultLabel(d.fault);
    rec.forced = d.forced;
    rec.stream = body.stream === true;
    const f = d.fault;
    const modelName = scope.model.profile.model;
    const id = `chatcmpl-${scope.seq}`;
    const created = Math.floor(Date.now() / 1000);

    if (f?.type === 'hang') return; // the socket stays open until the client (or close()) ends it
    if (f?.type === 'reset') {
      ended = true;
      return void req.socket.resetAndDestroy();
    }
    if (f?.type === 'status') {
      const headers: Record<string, string> = {};
      if (f.retryAfterMs !== undefined) {
        headers['retry-after'] = String(Math.ceil(f.retryAfterMs / 1000));
        headers['retry-after-ms'] = String(f.retryAfterMs);
      }
      return later(f.delayMs ?? 0, () => fail(f.status, `injected ${f.status}`, headers));
    }

    if (!rec.stream) {
      let total = d.ttftMs;
      for (const x of d.tokenDelaysMs) total += x;
      return later(total, () => {
        if (f?.type === 'malformed') return send(200, `{"id":"${id}","object":"chat.completion","choices":[{"index":0,"message":{"content":`);
        const text = chatCompletionJson(id, created, modelName, body, d.completionTokens);
        if (f?.type === 'truncate') {
          rec.status = 200;
          const half = text.slice(0, Math.floor(text.length / 2));
          rec.bytes += Buffer.byteLength(half);
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
          res.write(half);
          return cut();
        }
        send(200, text);
      });
    }

    // Streaming: headers at once, first token after TTFT, then one token per delay.
    rec.status = 200;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const write = (s: string) => {
      rec.bytes += Buffer.byteLength(s);
      res.write(s);
    };
    const includeUsage = body.stream_options?.include_usage === true;
    const n = d.completionTokens;
    const step = (i: number) => {
      if (f?.type === 'truncate' && i >= f.afterChunks) return cut();
      if (f?.type === 'malformed' && i === 1) {
        write('data: {"id":"' + id + '","object":"chat.completion.chunk","choices":[{"delta":{"content":\n\n');
      }
      if (i < n) {
        write(sseChunk(id, created, modelName, i === 0 ? { role: 'assistant', content: tokenText(0) } : { content: tokenText(i) }, null));
        return later(i + 1 < n ? d.tokenDelaysMs[i]! : 0, () => step(i + 1));
      }
      write(sseChunk(id, created, modelName, {}, 'stop', includeUsage ? null : undefined));
      if (includeUsage) write(sseChunk(id, created, modelName, {}, null, usageOf(body, n)));
      if (f?.type !== 'no-done') write(SSE_DONE);
      ended = true;
      res.end();
    };
    later(d.ttftMs, () => step(0));
  });
}
