import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import { LlmCallError, parseRetryAfter } from './errors.ts';
import { parseRateLimitHeaders, type RateLimitInfo } from './rate-limiter.ts';

export interface ChatCall {
  model: string;
  messages: Array<{ role: string; content: string }>;
  maxTokens?: number;
  stream: boolean;
  onToken?(text: string): void;
  /** Sent with this request (the stress harness's x-gauntlet-call-id). */
  headers?: Record<string, string>;
}

export interface ChatAnswer {
  text: string;
  usage?: { promptTokens: number; completionTokens: number };
  /** The response's `x-ratelimit-*` headers, when it had any (the client's rate limiter reads them). */
  rateLimit?: RateLimitInfo;
}

/**
 * One HTTP attempt. Throws LlmCallError; an abort through `signal` surfaces as the signal's reason.
 * A transport that owns resources (a connection pool) has `close()`, which the client's close() calls.
 */
export type Transport = ((call: ChatCall, signal: AbortSignal) => Promise<ChatAnswer>) & {
  close?(): void | Promise<void>;
};

export interface HttpTransportOptions {
  apiKey?: string;
  headers?: Record<string, string>;
  /** Connections kept to the server at most: size it to the client's concurrency limit. Default 64. */
  maxSockets?: number;
}

function requestBody(call: ChatCall): string {
  return JSON.stringify({
    model: call.model,
    messages: call.messages,
    ...(call.maxTokens ? { max_tokens: call.maxTokens } : {}),
    ...(call.stream ? { stream: true, stream_options: { include_usage: true } } : {}),
  });
}

/**
 * The real transport: node:http(s) POST to `${baseURL}/chat/completions`, JSON or SSE, over a
 * keep-alive connection pool of its own (an http.Agent) that `close()` destroys. Unlike the global
 * fetch, whose pool per origin lives as long as the process, nothing outlives the client; and a
 * call costs the calling process several times less CPU than a fetch call.
 */
export function httpTransport(baseURL: string, options: HttpTransportOptions = {}): Transport {
  const url = new URL(`${baseURL.replace(/\/$/, '')}/chat/completions`);
  const secure = url.protocol === 'https:';
  // The module, not a destructured `request`: looked up per call, so interceptors that patch
  // http.request (msw's setupServer) see these requests too.
  const mod = secure ? https : http;
  const maxSockets = options.maxSockets ?? 64;
  const agent = new mod.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  const fixed = {
    host: url.hostname,
    port: url.port || (secure ? 443 : 80),
    path: url.pathname + url.search,
    method: 'POST',
    agent,
  };
  const headerBase = {
    'content-type': 'application/json',
    authorization: `Bearer ${options.apiKey ?? 'gauntlet'}`,
    ...options.headers,
  };
  const transport = ((call: ChatCall, signal: AbortSignal) => {
    if (signal.aborted) return Promise.reject(signal.reason);
    const body = requestBody(call);
    return new Promise<ChatAnswer>((resolve, reject) => {
      let settled = false;
      let responded = false;
      const req = mod.request({
        ...fixed,
        headers: { ...headerBase, ...call.headers, 'content-length': Buffer.byteLength(body) },
      });
      const finish = (error: unknown, answer?: ChatAnswer) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        if (error === undefined) resolve(answer!);
        else reject(error);
      };
      /** Settle with an error and drop the connection (it is mid-message). */
      const fail = (error: unknown) => {
        finish(error);
        req.destroy();
      };
      const onAbort = () => fail(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      req.on('error', (e) => {
        if (signal.aborted) return finish(signal.reason);
        if (responded)
          return finish(new LlmCallError('truncated_stream', `response cut: ${describe(e)}`, { cause: e }));
        finish(new LlmCallError('connection_reset', `request failed: ${describe(e)}`, { cause: e }));
      });
      req.on('response', (res) => {
        responded = true;
        if (res.statusCode !== 200) {
          // Read the (small) error body so the connection goes back to the pool; the status is
          // the outcome even if that body is cut.
          const status = res.statusCode ?? 0;
          const g = headerGetter(res.headers);
          const error = new LlmCallError(`http_${status}`, `HTTP ${status}`, {
            retryAfterMs: parseRetryAfter(g),
            rateLimit: parseRateLimitHeaders((n) => g.get(n)),
          });
          const settle = () => finish(signal.aborted ? signal.reason : error);
          res.on('error', settle);
          res.on('close', settle);
          res.on('end', settle);
          res.resume();
          return;
        }
        const limits =
          res.headers['x-ratelimit-remaining-requests'] !== undefined ||
          res.headers['x-ratelimit-remaining-tokens'] !== undefined
            ? parseRateLimitHeaders((n) => headerGetter(res.headers).get(n))
            : undefined;
        const answered = (error: unknown, answer?: ChatAnswer) =>
          finish(error, answer && limits ? { ...answer, rateLimit: limits } : answer);
        // A cut response body: 'aborted' + 'error' on the response (Node 20), or 'close' before 'end'.
        res.on('error', (e) => {
          if (signal.aborted) return finish(signal.reason);
          finish(new LlmCallError('truncated_stream', `response cut: ${describe(e)}`, { cause: e }));
        });
        res.on('close', () => {
          if (!res.complete)
            finish(
              signal.aborted ? signal.reason : new LlmCallError('truncated_stream', 'response cut before its end'),
            );
        });
        res.setEncoding('utf8');
        if (call.stream) readSse(res, call, answered, fail);
        else {
          let text = '';
          res.on('data', (c: string) => (text += c));
          res.on('end', () => {
            try {
              answered(undefined, parseJsonAnswer(text));
            } catch (e) {
              finish(e);
            }
          });
        }
      });
      req.end(body);
    });
  }) as Transport;
  transport.close = () => agent.destroy();
  return transport;
}

function headerGetter(h: IncomingHttpHeaders): { get(name: string): string | null } {
  return {
    get(name) {
      const v = h[name];
      return v === undefined ? null : Array.isArray(v) ? (v[0] ?? null) : v;
    },
  };
}

/** Server-sent events off a node:http response: tokens to onToken, settled at [DONE]. */
function readSse(
  res: IncomingMessage,
  call: ChatCall,
  finish: (error: unknown, answer?: ChatAnswer) => void,
  fail: (error: unknown) => void,
): void {
  const state: SseState = { buffer: '', text: '', usage: undefined, done: false };
  res.on('data', (chunk: string) => {
    if (state.done) return;
    try {
      if (consumeSse(state, chunk, call)) {
        finish(undefined, { text: state.text, usage: state.usage });
        // The server ends the message right after [DONE]; read the rest so the socket is reused.
        res.resume();
      }
    } catch (e) {
      state.done = true;
      fail(e);
    }
  });
  res.on('end', () => finish(new LlmCallError('truncated_stream', 'stream ended without [DONE]')));
}

interface SseState {
  buffer: string;
  text: string;
  usage: ChatAnswer['usage'];
  done: boolean;
}

/** Feed one decoded chunk; true once [DONE] arrived. Throws malformed_response on a bad event. */
function consumeSse(state: SseState, chunk: string, call: ChatCall): boolean {
  state.buffer += chunk;
  let sep: number;
  while ((sep = state.buffer.indexOf('\n\n')) >= 0) {
    const event = state.buffer.slice(0, sep);
    state.buffer = state.buffer.slice(sep + 2);
    for (const line of event.split('\n')) {
      if (!line.startsWith('data:')) continue;
      const data = line.slice(5).trim();
      if (data === '[DONE]') {
        state.done = true;
        return true;
      }
      let json: {
        choices?: Array<{ delta?: { content?: string } }>;
        usage?: { prompt_tokens: number; completion_tokens: number } | null;
      };
      try {
        json = JSON.parse(data);
      } catch (e) {
        throw new LlmCallError('malformed_response', 'stream chunk is not valid JSON', { cause: e });
      }
      const delta = json.choices?.[0]?.delta?.content;
      if (delta) {
        state.text += delta;
        call.onToken?.(delta);
      }
      if (json.usage)
        state.usage = { promptTokens: json.usage.prompt_tokens, completionTokens: json.usage.completion_tokens };
    }
  }
  return false;
}

function parseJsonAnswer(text: string): ChatAnswer {
  let json: {
    choices?: Array<{ message?: { content?: string } }>;
    usage?: { prompt_tokens: number; completion_tokens: number };
  };
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new LlmCallError('malformed_response', 'response body is not valid JSON', { cause: e });
  }
  const content = json.choices?.[0]?.message?.content;
  if (typeof content !== 'string')
    throw new LlmCallError('malformed_response', 'response has no choices[0].message.content');
  return {
    text: content,
    usage: json.usage && { promptTokens: json.usage.prompt_tokens, completionTokens: json.usage.completion_tokens },
  };
}

/**
 * fetch to `${baseURL}/chat/completions`, JSON or SSE. Kept for callers that need fetch (msw's
 * fetch interception in client.msw.test.ts); it uses the process-wide undici pool, which keeps
 * one pool per origin for the life of the process. Prefer httpTransport.
 */
export function fetchTransport(
  baseURL: string,
  apiKey = 'gauntlet',
  extraHeaders: Record<string, string> = {},
): Transport {
  const url = `${baseURL.replace(/\/$/, '')}/chat/completions`;
  return async (call, signal) => {
    const body = requestBody(call);
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        body,
        signal,
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${apiKey}`,
          ...extraHeaders,
          ...call.headers,
        },
      });
    } catch (e) {
      if (signal.aborted) throw signal.reason;
      throw new LlmCallError('connection_reset', `request failed: ${describe(e)}`, { cause: e });
    }
    if (res.status !== 200) {
      // Read the (small) error body so the connection can be reused.
      await res.arrayBuffer().catch(() => {});
      throw new LlmCallError(`http_${res.status}`, `HTTP ${res.status}`, {
        retryAfterMs: parseRetryAfter(res.headers),
        rateLimit: parseRateLimitHeaders((n) => res.headers.get(n)),
      });
    }
    return call.stream ? readStream(res, call, signal) : readJson(res, signal);
  };
}

async function readJson(res: Response, signal: AbortSignal): Promise<ChatAnswer> {
  let text: string;
  try {
    text = await res.text();
  } catch (e) {
    if (signal.aborted) throw signal.reason;
    throw new LlmCallError('truncated_stream', `response body cut: ${describe(e)}`, { cause: e });
  }
  return parseJsonAnswer(text);
}

async function readStream(res: Response, call: ChatCall, signal: AbortSignal): Promise<ChatAnswer> {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const state: SseState = { buffer: '', text: '', usage: undefined, done: false };
  for (;;) {
    let chunk: ReadableStreamReadResult<string>;
    try {
      chunk = await reader.read();
    } catch (e) {
      if (signal.aborted) throw signal.reason;
      throw new LlmCallError('truncated_stream', `stream cut after ${state.text.length} characters: ${describe(e)}`, {
        cause: e,
      });
    }
    if (chunk.done) throw new LlmCallError('truncated_stream', 'stream ended without [DONE]');
    let done: boolean;
    try {
      done = consumeSse(state, chunk.value, call);
    } catch (e) {
      await reader.cancel().catch(() => {});
      throw e;
    }
    if (done) {
      await reader.cancel().catch(() => {});
      return { text: state.text, usage: state.usage };
    }
  }
}

function describe(e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (e instanceof Error ? e.message : String(e));
}
