import { http, HttpResponse, type HttpHandler } from 'msw';
import { realClock, type Clock } from '../core/clock.ts';
import { createFaultModel } from './fault-model.ts';
import { parseFaultProfile } from './load-profile.ts';
import type { FaultProfile, FaultProfileInput } from './profile-schema.ts';
import { CALL_ID_HEADER, ServedLog, type ServedRecord } from './served-record.ts';
import { AttemptBook } from './mock/attempts.ts';
import type { ResponsePlan } from './mock/plan.ts';
import { QuotaBook } from './mock/quota.ts';
import { respond, ROUTES, type MockCore } from './mock/respond.ts';

export interface MswMockOptions {
  profile?: FaultProfile | FaultProfileInput;
  seed?: number;
  /** The base URL the code under test calls, ending in `/v1`. Default `https://api.openai.com/v1`. An Anthropic client's baseURL is this without `/v1`. */
  baseURL?: string;
  clock?: Clock;
}

export interface MswMock {
  handlers: HttpHandler[];
  records(): ServedRecord[];
}

const encoder = new TextEncoder();

/** The part of msw's setupServer that `cancelResponseClones` needs. */
export interface MswEvents {
  events: {
    on(event: 'response:mocked', listener: (e: { response: Response }) => void): void;
    removeListener(event: 'response:mocked', listener: (e: { response: Response }) => void): void;
  };
}

/**
 * Workaround for the `openai` / `@anthropic-ai/sdk` clients hanging on a retryable status under msw
 * (mswjs/interceptors#799): msw tees every mocked response to emit a copy in its `response:mocked`
 * event, and a tee branch's cancel() settles only once the other branch is cancelled too. The SDKs
 * cancel the body of a response they are about to retry, so they wait forever on the copy nobody
 * reads. Cancelling the copy at once lets the SDK's cancel settle. Returns a function that removes
 * the listener. (Do not use it together with your own listener that reads the copy's body.)
 */
export function cancelResponseClones(server: MswEvents): () => void {
  const listener = ({ response }: { response: Response }) => void response.body?.cancel().catch(() => {});
  server.events.on('response:mocked', listener);
  return () => server.events.removeListener('response:mocked', listener);
}

function wait(ms: number, signal: AbortSignal, clock: Clock): Promise<boolean> {
  if (ms <= 0) return Promise.resolve(!signal.aborted);
  return clock.sleep(ms, signal).then(
    () => true,
    () => false,
  );
}

/**
 * msw handlers serving the same routes as the HTTP mock from the same pure response plans and the
 * same seeded fault model, for in-process tests of a client without a port:
 * `setupServer(...createMswMock({ profile }).handlers)`.
 */
export function createMswMock(options: MswMockOptions = {}): MswMock {
  const profile = parseFaultProfile(options.profile ?? {}, '(msw profile)');
  const clock = options.clock ?? realClock;
  const seed = options.seed ?? 1;
  const core: MockCore = {
    model: createFaultModel(profile, seed),
    seed,
    attempts: new AttemptBook(),
    quota: profile.quota ? new QuotaBook(profile.quota) : undefined,
  };
  const base = (options.baseURL ?? 'https://api.openai.com/v1').replace(/\/$/, '');
  const log = new ServedLog();
  const startedAt = clock.now();

  const handle = async (request: Request, route: string): Promise<Response> => {
    const arrival = clock.now();
    const seq = log.add(arrival - startedAt, route);
    const finish = (r: Response) => {
      log.setDuration(seq, clock.now() - arrival);
      return r;
    };
    const body = await request.text();
    if (Buffer.byteLength(body) > profile.maxBodyBytes) {
      log.setFault(seq, 'rejected');
      log.setStatus(seq, 413);
      return finish(
        HttpResponse.json(
          {
            error: {
              message: `request body over ${profile.maxBodyBytes} bytes`,
              type: 'invalid_request_error',
              param: null,
              code: 'request_too_large',
            },
          },
          { status: 413 },
        ),
      );
    }
    const o = respond(core, {
      method: request.method,
      route,
      body,
      header: (name) => request.headers.get(name) ?? undefined,
      arrivalMs: arrival - startedAt,
      nowMs: arrival,
      seq,
      created: Math.floor(Date.now() / 1000),
    });
    if (o.phase !== 'base') log.setPhase(seq, o.phase);
    if (o.fault !== 'none') log.setFault(seq, o.fault);
    if (o.forced) log.setForced(seq);
    if (o.stream) log.setStream(seq);
    const callId = request.headers.get(CALL_ID_HEADER);
    if (callId !== null) log.setCallId(seq, callId);
    return play(o.plan, request.signal, seq, finish);
  };

  const play = async (
    p: ResponsePlan,
    signal: AbortSignal,
    seq: number,
    finish: (r: Response) => Response,
  ): Promise<Response> => {
    if (p.end === 'hang') {
      await new Promise<void>((resolve) =>
        signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true }),
      );
      log.setAborted(seq);
      return finish(HttpResponse.error());
    }
    if (p.end === 'reset' || !(await wait(p.headDelayMs, signal, clock))) return finish(HttpResponse.error());
    log.setStatus(seq, p.status);
    const headers = { 'content-type': p.contentType, ...p.headers };
    if (p.end === 'end' && p.steps.length === 1 && p.steps[0]!.delayMs <= 0) {
      log.addBytes(seq, Buffer.byteLength(p.steps[0]!.text));
      return finish(new HttpResponse(p.steps[0]!.text, { status: p.status, headers }));
    }
    // Pull-driven: the next step (and a cut's error) happens only once the reader has taken the
    // previous chunk; an error raised while chunks are queued would discard them.
    let i = 0;
    const stream = new ReadableStream<Uint8Array>({
      async pull(c) {
        if (i === p.steps.length) {
          log.setDuration(seq, clock.now() - log.arrivalMs(seq) - startedAt);
          if (p.end !== 'cut') return c.close();
          // msw tees the body; a branch's queued chunks are dropped when the error reaches it, so let them be read first.
          await new Promise((r) => setTimeout(r, 1));
          return c.error(new TypeError('terminated'));
        }
        const step = p.steps[i++]!;
        if (!(await wait(step.delayMs, signal, clock))) {
          log.setAborted(seq);
          return c.error(new TypeError('aborted'));
        }
        log.addBytes(seq, Buffer.byteLength(step.text));
        c.enqueue(typeof step.text === 'string' ? encoder.encode(step.text) : step.text);
      },
    });
    return new HttpResponse(stream, { status: p.status, headers });
  };

  const handlers: HttpHandler[] = ROUTES.map((r) =>
    http.post(`${base}${r.path.slice(3)}`, ({ request }) => handle(request, r.path)),
  );
  handlers.push(http.get(`${base}/models`, ({ request }) => handle(request, '/v1/models')));
  return { handlers, records: () => log.toArray() };
}
