import { createServer, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { mkdir } from 'node:fs/promises';
import {
  normalisedRequest,
  readRecordings,
  recordingKey,
  redactText,
  renderRecording,
  splitEvents,
  writeRecording,
  type Recording,
} from './recording.ts';
import type { AnswerSource } from './respond.ts';

export interface Recorder {
  url: string;
  port: number;
  /** Exchanges written so far. */
  recorded(): number;
  close(): Promise<void>;
}

/** Request headers passed to the upstream (auth included, never stored). */
const FORWARD = new Set([
  'authorization',
  'x-api-key',
  'api-key',
  'anthropic-version',
  'anthropic-beta',
  'openai-organization',
  'openai-project',
  'content-type',
  'accept',
  'idempotency-key',
  'x-stainless-retry-count',
]);
/** Response headers passed back to the client. */
const PASS_BACK =
  /^(content-type|retry-after|retry-after-ms|x-request-id|request-id|x-ratelimit-.*|anthropic-ratelimit-.*|openai-processing-ms)$/i;

function secretsOf(req: IncomingMessage): string[] {
  const out: string[] = [];
  for (const h of ['authorization', 'x-api-key', 'api-key']) {
    const v = req.headers[h];
    if (typeof v === 'string') out.push(v, v.replace(/^Bearer\s+/i, ''));
  }
  return out;
}

/**
 * A recording proxy on 127.0.0.1: forwards every request to `upstream` (a provider, or any
 * OpenAI-compatible server), streams the answer back as it arrives, and writes the exchange to
 * `dir` with keys and secrets redacted (request headers are never stored).
 */
export async function startRecorder(options: { dir: string; upstream: string; port?: number }): Promise<Recorder> {
  await mkdir(options.dir, { recursive: true });
  const upstream = options.upstream.replace(/\/+$/, '');
  let count = 0;
  const writes = new Set<Promise<void>>();
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(parts).toString('utf8');
        const route = (req.url ?? '/').split('?')[0]!;
        const headers: Record<string, string> = { 'accept-encoding': 'identity' };
        for (const [k, v] of Object.entries(req.headers)) if (FORWARD.has(k) && typeof v === 'string') headers[k] = v;
        const secrets = secretsOf(req);
        let up: Response;
        try {
          up = await fetch(`${upstream}${req.url ?? '/'}`, {
            method: req.method,
            headers,
            body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
          });
        } catch (e) {
          res.writeHead(502, { 'content-type': 'application/json' });
          return res.end(
            JSON.stringify({
              error: {
                message: `upstream ${upstream} unreachable: ${(e as Error).message}`,
                type: 'server_error',
                param: null,
                code: 'bad_gateway',
              },
            }),
          );
        }
        const back: Record<string, string> = {};
        up.headers.forEach((v, k) => {
          if (PASS_BACK.test(k)) back[k] = v;
        });
        res.writeHead(up.status, back);
        const contentType = up.headers.get('content-type') ?? 'application/json';
        let text = '';
        let complete = true;
        const dec = new TextDecoder();
        try {
          const reader = up.body?.getReader();
          for (let c = await reader?.read(); c && !c.done; c = await reader!.read()) {
            const piece = dec.decode(c.value, { stream: true });
            text += piece;
            res.write(piece);
          }
          text += dec.decode();
        } catch {
          complete = false;
        }
        if (complete) res.end();
        else res.socket?.end();
        if (req.method !== 'POST') return;
        const request = normalisedRequest(body);
        const rec: Recording = {
          schemaVersion: 1,
          route,
          key: recordingKey(route, request),
          request,
          status: up.status,
          contentType,
          chunks: contentType.includes('text/event-stream')
            ? splitEvents(redactText(text, secrets))
            : [redactText(text, secrets)],
          complete,
        };
        const w = writeRecording(options.dir, rec).then(() => void count++);
        writes.add(w);
        await w.finally(() => writes.delete(w));
      })();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    recorded: () => count,
    async close() {
      await Promise.all(writes);
      await new Promise<void>((r) => {
        server.close(() => r());
        for (const s of sockets) s.destroy();
      });
    },
  };
}

/** Recordings in `dir` as the mock's answers: matched by route and normalised body. */
export async function replaySource(dir: string): Promise<AnswerSource & { size: number }> {
  const recordings = await readRecordings(dir);
  return {
    size: recordings.size,
    answer(route, body) {
      const r = recordings.get(recordingKey(route, normalisedRequest(body)));
      return r && renderRecording(r);
    },
  };
}
