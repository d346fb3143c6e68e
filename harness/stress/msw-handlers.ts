import { http, HttpResponse, type HttpHandler } from 'msw';
import { realClock, type Clock } from '../core/clock.ts';
import { createFaultModel, FORCE_FAULT_HEADER } from './fault-model.ts';
import { parseFaultProfile } from './load-profile.ts';
import type { FaultProfile, FaultProfileInput } from './profile-schema.ts';
import { chatCompletion, errorBody, modelList, sseChunk, SSE_DONE, tokenText, usageOf, type ChatRequest } from './openai-shapes.ts';
import { faultLabel, type ServedRecord } from './served-record.ts';

export interface MswMockOptions {
  profile?: FaultProfile | FaultProfileInput;
  seed?: number;
  /** The base URL the code under test calls. Default `https://api.openai.com/v1`. */
  baseURL?: string;
  clock?: Clock;
}

export interface MswMock {
  handlers: HttpHandler[];
  records(): ServedRecord[];
}

const encoder = new TextEncoder();

function wait(ms: number, signal: AbortSignal, clock: Clock): Promise<boolean> {
  if (ms <= 0) return Promise.resolve(!signal.aborted);
  return clock.sleep(ms, signal).then(
    () => true,
    () => false,
  );
}

/**
 * msw handlers driven by the same seeded fault model as the HTTP mock, for in-process unit tests
 * of a client without a port: `setupServer(...createMswMock({ profile }).handlers)`.
 */
export function createMswMock(options: MswMockOptions = {}): MswMock {
  const profile = parseFaultProfile(options.profile ?? {}, '(msw profile)');
  const clock = options.clock ?? realClock;
  const model = createFaultModel(profile, options.seed ?? 1);
  const base = (options.baseURL ?? 'https://api.openai.com/v1').replace(/\/$/, '');
  const records: ServedRecord[] = [];
  const startedAt = clock.now();
  let seq = 0;

  const chat = http.post(`${base}/chat/completions`, async ({ request }) => {
    const arrival = clock.now();
    const rec: ServedRecord = { seq: seq++, arrivalMs: arrival - startedAt, durationMs: 0, route: '/v1/chat/completions', phase: 'base', fault: 'none', forced: false, stream: false, status: 0, bytes: 0, clientAborted: false };
    records.push(rec);
    const done = (r: Response | ReturnType<typeof HttpResponse.error>) => {
      rec.durationMs = clock.now() - arrival;
      return r;
    };
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      const text = JSON.stringify(body);
      rec.status = status;
      rec.bytes = text.length;
      return done(new HttpResponse(text, { status, headers: { 'content-type': 'application/json', ...headers } }));
    };
    const text = await request.text();
    if (text.length > profile.maxBodyBytes) {
      rec.fault = 'rejected';
      return json(413, errorBody(413, `request body over ${profile.maxBodyBytes} bytes`));
    }
    let body: ChatRequest;
    try {
      body = JSON.parse(text) as ChatRequest;
    } catch {
      rec.fault = 'rejected';
      return json(400, errorBody(400, 'request body is not valid JSON'));
    }
    if (typeof body !== 'object' || body === null || !Array.isArray(body.messages) || body.messages.length === 0 || body.messages.some((m) => typeof m !== 'object' || m === null)) {
      rec.fault = 'rejected';
      return json(400, errorBody(400, "'messages' must be a non-empty array of message objects"));
    }
    const maxTokens = body.max_completion_tokens ?? body.max_tokens ?? undefined;
    const d = model.decide(rec.arrivalMs, { forced: request.headers.get(FORCE_FAULT_HEADER) ?? undefined, maxTokens: typeof maxTokens === 'number' && maxTokens > 0 ? maxTokens : undefined });
    const f = d.fault;
    Object.assign(rec, { phase: d.phase, fault: faultLabel(f), forced: d.forced, stream: body.stream === true });
    const id = `chatcmpl-${rec.seq}`;
    const created = Math.floor(Date.now() / 1000);
    const signal = request.signal;

    if (f?.type === 'hang') {
      await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
      rec.clientAborted = true;
      return done(HttpResponse.error());
    }
    if (f?.type === 'reset') return done(HttpResponse.error());
    if (f?.type === 'status') {
      if (!(await wait(f.delayMs ?? 0, signal, clock))) return done(HttpResponse.error());
      const headers: Record<string, string> = f.retryAfterMs === undefined ? {} : { 'retry-after': String(Math.ceil(f.retryAfterMs / 1000)), 'retry-after-ms': String(f.retryAfterMs) };
      return json(f.status, errorBody(f.status, `injected ${f.status}`), headers);
    }
    if (!rec.stream) {
      const total = d.ttftMs + d.tokenDelaysMs.reduce((a, b) => a + b, 0);
      if (!(await wait(total, signal, clock))) return done(HttpResponse.error());
      if (f?.type === 'malformed') {
        rec.status = 200;
        return done(new HttpResponse(`{"id":"${id}","choices":[{"message":{"content":`, { status: 200, headers: { 'content-type': 'application/json' } }));
      }
      const full = JSON.stringify(chatCompletion(id, created, profile.model, body, d.completionTokens));
      if (f?.type === 'truncate') {
        rec.status = 200;
        const stream = new ReadableStream<Uint8Array>({
          start(c) {
            c.enqueue(encoder.encode(full.slice(0, full.length >> 1)));
            c.error(new TypeError('terminated'));
          },
        });
        return done(new HttpResponse(stream, { status: 200, headers: { 'content-type': 'application/json' } }));
      }
      return json(200, JSON.parse(full));
    }
    rec.status = 200;
    const includeUsage = body.stream_options?.include_usage === true;
    const n = d.completionTokens;
    const stream = new ReadableStream<Uint8Array>({
      async start(c) {
        const push = (s: string) => {
          rec.bytes += s.length;
          c.enqueue(encoder.encode(s));
        };
        if (!(await wait(d.ttftMs, signal, clock))) return c.error(new TypeError('aborted'));
        for (let i = 0; i < n; i++) {
          if (f?.type === 'truncate' && i >= f.afterChunks) return c.error(new TypeError('terminated'));
          if (f?.type === 'malformed' && i === 1) push('data: {"id":"' + id + '","choices":[{"delta":{"content":\n\n');
          push(sseChunk(id, created, profile.model, i === 0 ? { role: 'assistant', content: tokenText(0) } : { content: tokenText(i) }, null));
          if (i + 1 < n && !(await wait(d.tokenDelaysMs[i]!, signal, clock))) return c.error(new TypeError('aborted'));
        }
        push(sseChunk(id, created, profile.model, {}, 'stop', includeUsage ? null : undefined));
        if (includeUsage) push(sseChunk(id, created, profile.model, {}, null, usageOf(body, n)));
        if (f?.type !== 'no-done') push(SSE_DONE);
        rec.durationMs = clock.now() - arrival;
        c.close();
      },
    });
    return new HttpResponse(stream, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  });

  const models = http.get(`${base}/models`, () => HttpResponse.json(modelList(profile.model)));
  return { handlers: [chat, models], records: () => records.slice() };
}
