/**
 * OpenAI-compatible bodies: chat.completion, model list, errors (the streamed chunks are built in mock/route-chat.ts).
 * Shapes follow https://platform.openai.com/docs/api-reference/chat and what the `openai` SDK parses.
 */
import { jsonLength } from './mock/route.ts';

export interface ChatRequest {
  model?: string;
  messages: Array<{ role: string; content?: unknown }>;
  stream?: boolean;
  stream_options?: { include_usage?: boolean } | null;
  max_tokens?: number | null;
  max_completion_tokens?: number | null;
}

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

/** Rough token count of the prompt: one token per 4 characters of content, plus 3 per message (OpenAI's rule of thumb). */
export function promptTokens(req: ChatRequest): number {
  let chars = 0;
  for (const m of req.messages) chars += typeof m.content === 'string' ? m.content.length : jsonLength(m.content ?? '');
  return Math.ceil(chars / 4) + 3 * req.messages.length;
}

/** The i-th output token: deterministic text so tests can check what arrived. */
export const tokenText = (i: number): string => (i === 0 ? 'tok0' : ` tok${i}`);

const tokenJsons: string[] = [];
/** JSON.stringify(tokenText(i)), cached: streamed chunks are built from it on the hot path. */
export function tokenJson(i: number): string {
  return tokenJsons[i] ?? (i < 8192 ? (tokenJsons[i] = JSON.stringify(tokenText(i))) : JSON.stringify(tokenText(i)));
}

const texts = new Map<number, string>();

export function completionText(n: number): string {
  let s = texts.get(n);
  if (s === undefined) {
    s = '';
    for (let i = 0; i < n; i++) s += tokenText(i);
    if (texts.size < 4096) texts.set(n, s);
  }
  return s;
}

const choiceJson = new Map<number, string>();
let lastModel = '';
let lastModelJson = '""';

/** JSON text of a model name, cached for the last one (most runs use one model). */
export function modelJson(model: string): string {
  if (model !== lastModel) {
    lastModel = model;
    lastModelJson = JSON.stringify(model);
  }
  return lastModelJson;
}

/**
 * The text chat.completion body as a string, built from cached pieces: the mock's hot path (the
 * same bytes as JSON.stringify(chatCompletion(...)), checked by a test).
 */
export function chatCompletionJson(
  id: string,
  created: number,
  model: string,
  promptTokens: number,
  completionTokens: number,
  finish: 'stop' | 'length' = 'stop',
): string {
  const key = finish === 'stop' ? completionTokens : -completionTokens;
  let choices = choiceJson.get(key);
  if (choices === undefined) {
    choices = JSON.stringify(chatCompletion('', 0, '', 0, completionTokens, finish).choices);
    if (choiceJson.size < 4096) choiceJson.set(key, choices);
  }
  return `{"id":${JSON.stringify(id)},"object":"chat.completion","created":${created},"model":${modelJson(model)},"choices":${choices},"usage":{"prompt_tokens":${promptTokens},"completion_tokens":${completionTokens},"total_tokens":${promptTokens + completionTokens}},"system_fingerprint":"gauntlet-mock"}`;
}

export function usageOf(promptTokens: number, completionTokens: number): Usage {
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
  };
}

/** A chat.completion: text, or one tool call (finish_reason tool_calls). */
export function chatCompletion(
  id: string,
  created: number,
  model: string,
  promptTokens: number,
  completionTokens: number,
  finish: 'stop' | 'length' | 'tool_calls' = 'stop',
  toolCall?: { id: string; name: string; arguments: string },
) {
  const message = toolCall
    ? {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: toolCall.id, type: 'function', function: { name: toolCall.name, arguments: toolCall.arguments } },
        ],
        refusal: null,
      }
    : { role: 'assistant', content: completionText(completionTokens), refusal: null };
  return {
    id,
    object: 'chat.completion',
    created,
    model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: finish }],
    usage: usageOf(promptTokens, completionTokens),
    system_fingerprint: 'gauntlet-mock',
  };
}

export const SSE_DONE = 'data: [DONE]\n\n';

/** An OpenAI-shaped error body. */
export function errorBody(
  status: number,
  message: string,
): { error: { message: string; type: string; param: null; code: string } } {
  const [type, code] =
    status === 429
      ? ['requests', 'rate_limit_exceeded']
      : status === 400
        ? ['invalid_request_error', 'invalid_request']
        : status === 404
          ? ['invalid_request_error', 'not_found']
          : status === 413
            ? ['invalid_request_error', 'request_too_large']
            : status === 408 || status === 504
              ? ['server_error', 'timeout']
              : ['server_error', status === 503 || status === 529 ? 'service_unavailable' : 'internal_error'];
  return { error: { message, type, param: null, code } };
}

export function modelList(model: string) {
  return { object: 'list', data: [{ id: model, object: 'model', created: 0, owned_by: 'gauntlet' }] };
}
