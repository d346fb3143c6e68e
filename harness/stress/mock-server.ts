import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import { realClock, type Clock } from '../core/clock.ts';
import { createFaultModel, type PhaseSpan } from './fault-model.ts';
import { healthyProfile, type FaultProfile, type FaultProfileInput } from './profile-schema.ts';
import { loadFaultProfile, parseFaultProfile } from './load-profile.ts';
import { ServedLog, type ServedRecord, type ServedSummary } from './served-record.ts';
import { AttemptBook } from './mock/attempts.ts';
import { Exchange, ExchangeRequest, ExchangeResponse, type ServerScope } from './mock/exchange.ts';
import { PreparedFrames } from './mock/fast-path.ts';
import { QuotaBook } from './mock/quota.ts';
import type { AnswerSource } from './mock/respond.ts';

export interface MockServerOptions {
  /** A validated profile, a profile object to validate, or a YAML/JSON file path. Default: healthy. */
  profile?: FaultProfile | FaultProfileInput | string;
  seed?: number;
  /** 0 (default) picks a free port. The server only ever listens on 127.0.0.1. */
  port?: number;
  clock?: Clock;
  /** How many request records to keep (the most recent); older ones only count in `summary()`. Default 262,144. */
  recordWindow?: number;
  /** Answer from recordings instead of generating (record/replay); the fault model still applies. */
  source?: AnswerSource;
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
  /** The requests served so far, oldest first (a copy; at most the last `recordWindow`). */
  records(): ServedRecord[];
  /** How many requests were received so far, kept or not (without building the records). */
  servedCount(): number;
  /** Counts by status, fault and route over every request received. */
  summary(): ServedSummary;
  /** Stop listening, cut open connections (hanging requests included), clear timers. */
  close(): Promise<void>;
}

/** Start the mock LLM API server (OpenAI chat, responses and embeddings; Anthropic messages) on 127.0.0.1. */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const profile =
    options.profile === undefined
      ? healthyProfile()
      : typeof options.profile === 'string'
        ? await loadFaultProfile(options.profile)
        : parseFaultProfile(options.profile);
  const clock = options.clock ?? realClock;
  const seed = options.seed ?? 1;
  const log = new ServedLog(options.recordWindow);
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const core = {
    model: createFaultModel(profile, seed),
    seed,
    attempts: new AttemptBook(),
    quota: profile.quota ? new QuotaBook(profile.quota) : undefined,
    source: options.source,
    frames: new PreparedFrames(),
  };
  const scope: ServerScope = { core, log, timers, clock, startedAt: clock.now(), maxBodyBytes: profile.maxBodyBytes };

  const server = createServer(
    { keepAliveTimeout: 60_000, IncomingMessage: ExchangeRequest, ServerResponse: ExchangeResponse },
    (req, res) => {
      new Exchange(req, res, scope).start();
    },
  );
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
    phases: core.model.phases,
    records: () => log.toArray(),
    servedCount: () => log.length,
    summary: () => log.summary(),
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
