import { LlmCallError, parseRetryAfter } from './errors.ts';

export interface ChatCall {
  model: string;
  messages: Array<{ role: string; content: string }>;
  maxTokens?: number;
  stream: boolean;
  onToken?(text: string): void;
}

export interface ChatAnswer {
  text: string;
  usage?: { promptTokens: number; completionTokens: number };
}

/** One HTTP attempt. Throws LlmCallError; an abort through `signal` surfaces as the signal's reason. */
export type Transport = (call: ChatCall, signal: AbortSignal) => Promise<ChatAnswer>;

/** The real transport: fetch to `${baseURL}/chat/completions`, JSON or SSE. */
export function fetchTransport(baseURL: string, apiKey = 'gauntlet', extraHeaders: Record<string, string> = {}): Transport {
  const url = `${baseURL.replace(/\/$/, '')}/chat/completions`;
  return async (call, signal) => {
    const body = JSON.stringify({
      model: call.model,
      messages: call.messages,
      ...(call.maxTokens ? { max_tokens: call.maxTokens } : {}),
      ...(call.stream ? { stream: true, stream_options: { include_usage: true } } : {}),
    });
    let res: Response;
    try {
      res = await fetch(url, { method: 'POST', body, signal, headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}`, ...extraHeaders } });
    } catch (e) {
      if (signal.aborted) throw signal.reason;
      throw new LlmCallError('connection_reset', `request failed: ${describe(e)}`, { cause: e });
    }
    if (res.status !== 200) {
      // Read the (small) error body so the connection can be reused.
      await res.arrayBuffer().catch(() => {});
      throw new LlmCallError(`http_${res.status}`, `HTTP ${res.status}`, { retryAfterMs: parseRetryAfter(res.headers) });
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
  let json: { choices?: Array<{ message?: { content?: string } }>; usage?: { prompt_tokens: number; completion_tokens: number } };
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new LlmCallError('malformed_response', 'response body is not valid JSON', { cause: e });
  }
  const content = json.choices?.[0]?.message?.content;
  if (typeof content !== 'string') throw new LlmCallError('malformed_response', 'response has no choices[0].message.content');
  return { text: content, usage: json.usage && { promptTokens: json.usage.prompt_tokens, completionTokens: json.usage.completion_tokens } };
}

async function readStream(res: Response, call: ChatCall, signal: AbortSignal): Promise<ChatAnswer> {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let text = '';
  let usage: ChatAnswer['usage'];
  for (;;) {
    let chunk: ReadableStreamReadResult<string>;
    try {
      chunk = await reader.read();
    } catch (e) {
      if (signal.aborted) throw signal.reason;
      throw new LlmCallError('truncated_stream', `stream cut after ${text.length} characters: ${describe(e)}`, { cause: e });
    }
    if (chunk.done) throw new LlmCallError('truncated_stream', 'stream ended without [DONE]');
    buffer += chunk.value;
    let sep: number;
    while ((sep = buffer.indexOf('\n\n')) >= 0) {
      const event = buffer.slice(0, sep);
      buffer = buffer.slice(sep + 2);
      for (const line of event.split('\n')) {
        if (!line.startsWith('data:')) continue;
        const data = line.slice(5).trim();
        if (data === '[DONE]') {
          await reader.cancel().catch(() => {});
          return { text, usage };
        }
        let json: { choices?: Array<{ delta?: { content?: string } }>; usage?: { prompt_tokens: number; completion_tokens: number } | null };
        try {
          json = JSON.parse(data);
        } catch (e) {
          await reader.cancel().catch(() => {});
          throw new LlmCallError('malformed_response', 'stream chunk is not valid JSON', { cause: e });
        }
        const delta = json.choices?.[0]?.delta?.content;
        if (delta) {
          text += delta;
          call.onToken?.(delta);
        }
        if (json.usage) usage = { promptTokens: json.usage.prompt_tokens, completionTokens: json.usage.completion_tokens };
      }
    }
  }
}

function describe(e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (e instanceof Error ? e.message : String(e));
}
