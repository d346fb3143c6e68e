import { z } from 'zod';
import type { ClientFactoryOptions, FailureCategory, StressCallRequest, StressCallResult } from '../client-contract.ts';
import { CALL_ID_HEADER } from '../resilience.ts';

/** What one call's HTTP attempts did, as the fetch wrapper saw them. */
export interface CallTrace {
  /** HTTP requests sent for this call (the SDK's own retries included). */
  attempts: number;
  /** Status of the last response received (0 before any). */
  lastStatus: number;
  /** Chat streaming: the last attempt's body carried `data: [DONE]`. */
  sawDone: boolean;
}

type Fetch = typeof globalThis.fetch;

/** Price per million tokens, in US dollars, for the cost figures. */
export interface SdkPricing {
  promptPerMillion: number;
  completionPerMillion: number;
}

/** gpt-4o-mini's list price (2024), the same default as the reference client's. */
export const DEFAULT_SDK_PRICING: SdkPricing = { promptPerMillion: 0.15, completionPerMillion: 0.6 };

export const costOf = (p: SdkPricing, prompt: number, completion: number) =>
  (prompt * p.promptPerMillion + completion * p.completionPerMillion) / 1e6;

/**
 * A fetch for an SDK client that counts attempts per call and watches chat streams for `[DONE]`.
 * Calls are told apart by the `x-gauntlet-call-id` header the adapter sends with every request, so
 * the counts stay right with a thousand calls in flight (a counter shared by the client does not).
 */
export function tracingFetch(inner: Fetch = globalThis.fetch): {
  fetch: Fetch;
  open(callId: string): CallTrace;
  close(callId: string): void;
} {
  const traces = new Map<string, CallTrace>();
  const fetch: Fetch = async (input, init) => {
    const id = new Headers(init?.headers).get(CALL_ID_HEADER);
    const trace = id === null ? undefined : traces.get(id);
    if (trace) {
      trace.attempts++;
      trace.lastStatus = 0;
      trace.sawDone = false;
    }
    const res = await inner(input, init);
    if (!trace) return res;
    trace.lastStatus = res.status;
    if (res.status !== 200 || !res.body || !(res.headers.get('content-type') ?? '').includes('text/event-stream'))
      return res;
    return new Response(res.body.pipeThrough(doneWatcher(trace)), {
      status: res.status,
      statusText: res.statusText,
      headers: res.headers,
    });
  };
  return {
    fetch,
    open(callId) {
      const t: CallTrace = { attempts: 0, lastStatus: 0, sawDone: false };
      traces.set(callId, t);
      return t;
    },
    close: (callId) => void traces.delete(callId),
  };
}

/** Passes bytes through unchanged and notes whether `data: [DONE]` went by (across chunk boundaries). */
function doneWatcher(trace: CallTrace): TransformStream<Uint8Array, Uint8Array> {
  const decoder = new TextDecoder();
  let tail = '';
  return new TransformStream({
    transform(chunk, controller) {
      if (!trace.sawDone) {
        const text = tail + decoder.decode(chunk, { stream: true });
        if (text.includes('data: [DONE]')) trace.sawDone = true;
        tail = text.slice(-16);
      }
      controller.enqueue(chunk);
    },
  });
}

/** The error classes both SDKs export under the same names. */
export interface SdkErrorClasses {
  APIError: abstract new (...args: never[]) => Error & { status?: number | undefined };
  APIConnectionError: abstract new (...args: never[]) => Error;
  APIConnectionTimeoutError: abstract new (...args: never[]) => Error;
  APIUserAbortError: abstract new (...args: never[]) => Error;
}

/**
 * Map an SDK error to gauntlet's failure categories. `answered` is true when the last attempt got a
 * 200 before the error: a connection error then means the answer was cut (`truncated_stream`).
 */
export function categorize(e: unknown, sdk: SdkErrorClasses, answered: boolean): FailureCategory {
  if (e instanceof sdk.APIConnectionTimeoutError) return 'timeout';
  if (e instanceof sdk.APIUserAbortError) return 'other';
  if (e instanceof SyntaxError) return 'malformed_response';
  if (e instanceof sdk.APIConnectionError) return answered ? 'truncated_stream' : 'connection_reset';
  if (e instanceof sdk.APIError && typeof e.status === 'number') return `http_${e.status}`;
  // A body cut mid-way surfaces from undici as TypeError('terminated') while the SDK reads it.
  if (answered) return 'truncated_stream';
  return 'other';
}

/** A logger that drops everything: the SDK's own messages stay out of gauntlet's report. */
export const SILENT_LOGGER = { error() {}, warn() {}, info() {}, debug() {} };

/** Load an optional peer dependency, or say how to install it. */
export async function loadPeer<T>(name: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (e) {
    throw new Error(`the '${name}' package is needed for this stress client: npm install --save-dev ${name}`, {
      cause: e,
    });
  }
}

/** The `clientOptions` keys both SDK adapters take (each adds its own to this shape). */
export const sdkOptionsShape = {
  model: z.string().default('gauntlet-mock-1'),
  /** The SDK's own retries (its default is 2). */
  maxRetries: z.number().int().min(0).default(2),
  /** Per-attempt timeout, ms. Default: the scenario's call budget split over the attempts (never the SDK's 10 minutes). */
  timeoutMs: z.number().positive().optional(),
  apiKey: z.string().default('gauntlet'),
  pricing: z
    .strictObject({ promptPerMillion: z.number().min(0), completionPerMillion: z.number().min(0) })
    .default(DEFAULT_SDK_PRICING),
};

/**
 * What both factories start with: the suite's `clientOptions` parsed by the adapter's schema, its SDK
 * loaded (an optional peer dependency), and a tracing fetch for the SDK's constructor.
 */
export async function prepareSdk<S extends z.ZodType, M>(
  schema: S,
  o: ClientFactoryOptions,
  name: string,
  load: () => Promise<M>,
): Promise<{ opts: z.output<S>; sdkModule: M; tracer: ReturnType<typeof tracingFetch> }> {
  const opts = schema.parse(o.options);
  return { opts, sdkModule: await loadPeer(name, load), tracer: tracingFetch() };
}

/**
 * What both SDK constructors get: the key, its retries, a per-attempt timeout that fits the
 * scenario, the tracing fetch, and logging off (the SDK's messages stay out of gauntlet's report).
 */
export function sdkClientOptions(
  o: ClientFactoryOptions,
  opts: { apiKey: string; maxRetries: number; timeoutMs?: number | undefined },
  fetch: Fetch,
) {
  return {
    apiKey: opts.apiKey,
    maxRetries: opts.maxRetries,
    timeout: opts.timeoutMs ?? Math.max(1, Math.floor((o.callTimeoutMs ?? 30_000) / (opts.maxRetries + 1))),
    fetch,
    logLevel: 'off' as const,
    logger: SILENT_LOGGER,
  };
}

/** Per-request options for an SDK call: the run's signal and the call-id header on every attempt. */
export interface SdkRequestOptions {
  signal: AbortSignal;
  headers: Record<string, string>;
}

/**
 * One stress call through an SDK: traced under its call id (attempts, last status, `[DONE]`), an
 * error thrown by the SDK mapped to a failure category rather than thrown.
 */
export async function tracedCall(
  tracer: ReturnType<typeof tracingFetch>,
  sdk: SdkErrorClasses,
  req: StressCallRequest,
  run: (ro: SdkRequestOptions, trace: CallTrace) => Promise<StressCallResult>,
): Promise<StressCallResult> {
  const id = String(req.id);
  const trace = tracer.open(id);
  try {
    return await run({ signal: req.signal, headers: { ...req.headers, [CALL_ID_HEADER]: id } }, trace);
  } catch (e) {
    return { outcome: 'failure', failure: categorize(e, sdk, trace.lastStatus === 200), attempts: trace.attempts };
  } finally {
    tracer.close(id);
  }
}
