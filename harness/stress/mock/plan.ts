import type { FaultDecision } from '../fault-model.ts';
import { errorBody } from '../openai-shapes.ts';
import { anthropicErrorBody } from './route-messages.ts';
import type { Provider, Rendered } from './route.ts';

/** One write of a response, after waiting `delayMs` since the previous one. */
export interface PlanStep {
  delayMs: number;
  /** What to write: text, or bytes already encoded (a prepared frame, fast-path.ts). */
  text: string | Buffer;
}

/**
 * Everything a response will do, decided up front by pure code: the HTTP mock server and the msw
 * handlers both just replay it, so they cannot drift apart.
 */
export interface ResponsePlan {
  /** 0 when no response head is ever sent (hang, reset). */
  status: number;
  contentType: 'application/json' | 'text/event-stream';
  /** Declared body length when it is not the length of what is written (a cut JSON body); else undefined. */
  contentLength: number | undefined;
  headers: Record<string, string> | undefined;
  /** Wait before the head is sent. */
  headDelayMs: number;
  steps: PlanStep[];
  /** end: a complete response; cut: the connection ends mid-body; hang: nothing, until the client leaves; reset: TCP RST. */
  end: 'end' | 'cut' | 'hang' | 'reset';
}

const utf8Length = (s: string) => Buffer.byteLength(s, 'utf8');

/** A JSON answer (a plain 200 in the common case). Its content-length is the body's (left to the player to count). */
export function jsonPlan(
  status: number,
  body: string | Buffer,
  headDelayMs = 0,
  headers?: Record<string, string>,
): ResponsePlan {
  return {
    status,
    contentType: 'application/json',
    contentLength: undefined,
    headers,
    headDelayMs,
    steps: [{ delayMs: 0, text: body }],
    end: 'end',
  };
}

/** A healthy answer sent whole at once from bytes already encoded (the prepared frames of fast-path.ts). */
export function wholePlan(body: Buffer, sse: boolean, headers: Record<string, string> | undefined): ResponsePlan {
  return sse ? ssePlan(200, headers, [{ delayMs: 0, text: body }], 'end') : jsonPlan(200, body, 0, headers);
}

/** An error in the provider's shape. */
export function errorPlan(
  provider: Provider,
  status: number,
  message: string,
  headers?: Record<string, string>,
  delayMs = 0,
): ResponsePlan {
  return jsonPlan(
    status,
    JSON.stringify(provider === 'anthropic' ? anthropicErrorBody(status, message) : errorBody(status, message)),
    delayMs,
    headers,
  );
}

export function retryAfterHeaders(ms: number): Record<string, string> {
  return { 'retry-after': String(Math.ceil(ms / 1000)), 'retry-after-ms': String(Math.round(ms)) };
}

/** Half a text, cut on a character boundary. */
const half = (s: string) => s.slice(0, s.length >> 1);

/**
 * Apply a fault decision to what a route answers: latency (TTFT, then one delay per token), and
 * the fault (status, hang, reset, malformed, truncate, no-done), the same way for every route.
 */
export function planFromRendered(
  provider: Provider,
  rendered: Rendered,
  d: FaultDecision,
  status = 200,
  headers?: Record<string, string>,
): ResponsePlan {
  const f = d.fault;
  if (f?.type === 'hang' || f?.type === 'reset')
    return {
      status: 0,
      contentType: 'application/json',
      contentLength: undefined,
      headers,
      headDelayMs: 0,
      steps: [],
      end: f.type,
    };
  if (f?.type === 'status') {
    const h = f.retryAfterMs === undefined ? headers : { ...headers, ...retryAfterHeaders(f.retryAfterMs) };
    return errorPlan(provider, f.status, `injected ${f.status}`, h, f.delayMs ?? 0);
  }
  if (rendered.kind === 'json') {
    let total = d.ttftMs;
    for (let i = 0; i < d.completionTokens - 1; i++) total += d.tokenDelaysMs[i] ?? 0;
    if (f?.type === 'malformed') return jsonPlan(status, half(rendered.body), total, headers);
    if (f?.type === 'truncate')
      return {
        status,
        contentType: 'application/json',
        contentLength: utf8Length(rendered.body),
        headers,
        headDelayMs: total,
        steps: [{ delayMs: 0, text: half(rendered.body) }],
        end: 'cut',
      };
    return jsonPlan(status, rendered.body, total, headers);
  }
  const { head, tail, done } = rendered;
  const tokens = rendered.tokens.length > 0 ? rendered.tokens : [''];
  const steps: PlanStep[] = [];
  const n = tokens.length;
  const cutAt = f?.type === 'truncate' ? Math.min(f.afterChunks, n) : -1;
  // A broken event (half of a real one) before the second token, or before the tail of a one-token answer.
  const brokenAt = f?.type === 'malformed' ? Math.min(1, n) : -1;
  const broken = brokenAt >= 0 ? half((tokens[brokenAt] ?? tail).replace(/\n\n$/, '')) + '\n\n' : '';
  // The pieces of one write, joined once rather than appended with `+=` (a rope of dozens of events
  // that V8 flattens when the body is encoded). In a micro-benchmark that retained the bodies this was
  // 45 -> 7 µs per 6 KB stream; in the server, where bodies die young, CPU per request did not move
  // measurably (docs/calibration/mock.md). No closure for the flush: tsx wraps closures made per call.
  let pieces: string[] = [];
  let stepDelay = 0;
  for (let i = 0; i < n; i++) {
    if (i === cutAt) break;
    const delayMs = i === 0 ? d.ttftMs : (d.tokenDelaysMs[i - 1] ?? 0);
    // Events due at once go out in one write.
    if (i > 0 && delayMs > 0) {
      steps.push({ delayMs: stepDelay, text: pieces.join('') });
      pieces = [];
    }
    if (i === 0 || delayMs > 0) stepDelay = delayMs;
    if (i === 0) pieces.push(head);
    if (i === brokenAt) pieces.push(broken);
    pieces.push(tokens[i]!);
  }
  if (cutAt >= 0) {
    if (pieces.length > 0) steps.push({ delayMs: stepDelay, text: pieces.join('') });
    if (cutAt === 0) steps.push({ delayMs: d.ttftMs, text: head });
    // A cut needs the written part flushed before the connection ends: it is its own write.
    return ssePlan(status, headers, steps, 'cut');
  }
  if (brokenAt === n) pieces.push(broken);
  pieces.push(tail);
  if (f?.type !== 'no-done') pieces.push(done);
  steps.push({ delayMs: stepDelay, text: pieces.join('') });
  return ssePlan(status, headers, steps, 'end');
}

/** An event stream: the head at once, then its steps. */
function ssePlan(
  status: number,
  headers: Record<string, string> | undefined,
  steps: PlanStep[],
  end: 'end' | 'cut',
): ResponsePlan {
  return { status, contentType: 'text/event-stream', contentLength: undefined, headers, headDelayMs: 0, steps, end };
}
