import type { ToolCall } from './tools.ts';

/** Which provider's conventions a route follows (error bodies, rate-limit headers). */
export type Provider = 'openai' | 'anthropic';

/** What a route answers before any fault is applied: one JSON body, or the events of a stream. */
export type Rendered =
  | { kind: 'json'; body: string }
  | {
      kind: 'sse';
      /** Events sent with the first token (message_start, response.created ...). */
      head: string;
      /** One event per output token (or per piece of streamed tool arguments). */
      tokens: string[];
      /** Events after the last token that are not the terminal one. */
      tail: string;
      /** The terminal event a client must see to know the answer is complete (`[DONE]`, `message_stop`, `response.completed`). */
      done: string;
    };

/** A request body a route accepted, reduced to what the answer depends on. */
export interface RouteRequest {
  /** Echoed in the answer. */
  model: string;
  stream: boolean;
  /** The request's cap on output tokens, if any. */
  maxTokens: number | undefined;
  promptTokens: number;
  /** The tool call to answer with, or undefined for text. */
  tool: ToolCall | undefined;
  body: Record<string, unknown>;
}

/** What a response depends on besides the request: ids, time, and the fault model's token count. */
export interface RenderContext {
  seq: number;
  /** Unix seconds. */
  created: number;
  /** Output tokens of a text answer (already capped by the request's maxTokens). */
  completionTokens: number;
  /** True when the request's cap cut the answer short (finish_reason length / max_tokens). */
  capped: boolean;
  seed: number;
}

export interface Route {
  path: string;
  provider: Provider;
  /** Validate a parsed JSON body: the request, or the message of a 400. */
  parse(body: Record<string, unknown>, defaultModel: string): RouteRequest | string;
  render(req: RouteRequest, ctx: RenderContext): Rendered;
  /**
   * For the prepared frames (fast-path.ts): what else than the model, stream, token count and the
   * numbers (ids, time, prompt tokens) this request's answer depends on, as a string; undefined
   * when its answer is rendered per request (tool calls, echoed objects). Absent: never prepared.
   */
  frameKey?(req: RouteRequest): string | undefined;
}

/** `event: NAME\ndata: JSON\n\n`. */
export const sseEvent = (name: string, data: unknown): string => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;

/** Tokens of a text, roughly: one per 4 characters (of a structured value: of its JSON text). */
export function textTokens(value: unknown): number {
  if (typeof value === 'string') return Math.ceil(value.length / 4);
  if (value === undefined || value === null) return 0;
  return Math.ceil(jsonLength(value) / 4);
}

/** A character that JSON.stringify may write as an escape (quote, backslash, control, lone-surrogate candidate). */
const ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;

/** True when JSON.stringify writes `s` as is between quotes: a loop for short strings (keys, roles), else a regex. */
function plain(s: string): boolean {
  if (s.length > 24) return !ESCAPED.test(s);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return false;
  }
  return true;
}

/**
 * `JSON.stringify(value).length`, counted by walking the value instead of building the text (the
 * prompt-token count of a structured prompt runs on every request: hot path). Exact for what
 * JSON.parse returns; a string with anything JSON escapes is measured by JSON.stringify itself.
 */
export function jsonLength(value: unknown): number {
  switch (typeof value) {
    case 'string':
      return plain(value) ? value.length + 2 : JSON.stringify(value).length;
    case 'number':
      return Number.isFinite(value) ? String(value).length : 4;
    case 'boolean':
      return value ? 4 : 5;
    case 'object':
      break;
    default:
      return JSON.stringify(value)?.length ?? 0;
  }
  if (value === null) return 4;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return JSON.stringify(value).length;
  if (Array.isArray(value)) {
    let n = 2 + Math.max(0, value.length - 1);
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      n += v === undefined || typeof v === 'function' || typeof v === 'symbol' ? 4 : jsonLength(v);
    }
    return n;
  }
  let n = 2;
  let fields = 0;
  const o = value as Record<string, unknown>;
  for (const k in o) {
    if (!Object.hasOwn(o, k)) continue;
    const v = o[k];
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    n += jsonLength(k) + 1 + jsonLength(v);
    fields++;
  }
  return n + Math.max(0, fields - 1);
}

export function positiveInt(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined;
}

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
