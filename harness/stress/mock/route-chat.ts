import {
  chatCompletion,
  chatCompletionJson,
  modelJson,
  promptTokens,
  SSE_DONE,
  tokenJson,
  usageOf,
  type ChatRequest,
} from '../openai-shapes.ts';
import { isObject, positiveInt, type Rendered, type Route, type RouteRequest } from './route.ts';
import { argumentPieces, chooseTool, NO_TOOLS, type ToolChoice, type ToolSpec } from './tools.ts';

/** POST /v1/chat/completions: text or a tool call, JSON or SSE chunks ending in `data: [DONE]`. */
export const chatRoute: Route = {
  path: '/v1/chat/completions',
  provider: 'openai',
  parse(body, defaultModel) {
    const messages = body.messages;
    if (!Array.isArray(messages) || messages.length === 0 || !messages.every(isObject))
      return "'messages' must be a non-empty array of message objects";
    const tools: readonly ToolSpec[] =
      Array.isArray(body.tools) && body.tools.length > 0
        ? body.tools.filter(isObject).map((t) => ({
            name: String((t.function as { name?: unknown })?.name ?? ''),
            schema: (t.function as { parameters?: unknown })?.parameters,
          }))
        : NO_TOOLS;
    const tool = chooseTool(
      tools,
      chatToolChoice(body.tool_choice),
      (messages[messages.length - 1] as { role?: unknown }).role === 'tool',
    );
    if (typeof tool === 'string') return tool;
    return {
      model: typeof body.model === 'string' && body.model ? body.model : defaultModel,
      stream: body.stream === true,
      maxTokens: positiveInt(body.max_completion_tokens) ?? positiveInt(body.max_tokens),
      promptTokens: promptTokens(body as unknown as ChatRequest),
      tool,
      body,
    };
  },
  render: renderChat,
  frameKey(req) {
    if (req.tool) return undefined;
    const so = req.body.stream_options;
    return isObject(so) && so.include_usage === true ? 'usage' : '';
  },
};

function chatToolChoice(v: unknown): ToolChoice {
  if (v === 'none' || v === 'required' || v === 'auto') return v;
  if (isObject(v) && isObject(v.function) && typeof v.function.name === 'string') return { name: v.function.name };
  return 'auto';
}

/** One chunk event; a top-level function, not a closure per request (tsx wraps closures in a naming helper). */
function chunk(prefix: string, delta: string, finishReason = 'null'): string {
  return `${prefix}${delta},"logprobs":null,"finish_reason":${finishReason}}]}\n\n`;
}

function renderChat(
  req: RouteRequest,
  ctx: { seq: number; created: number; completionTokens: number; capped: boolean },
): Rendered {
  const id = `chatcmpl-${ctx.seq}`;
  const { model, tool } = req;
  const call = tool && { id: `call_${ctx.seq}_0`, ...tool };
  const pieces = call ? argumentPieces(call.arguments) : undefined;
  const n = pieces ? pieces.length : ctx.completionTokens;
  const finish = call ? 'tool_calls' : ctx.capped ? 'length' : 'stop';
  if (!req.stream) {
    if (!call)
      return {
        kind: 'json',
        body: chatCompletionJson(id, ctx.created, model, req.promptTokens, n, finish as 'stop' | 'length'),
      };
    return {
      kind: 'json',
      body: JSON.stringify(chatCompletion(id, ctx.created, model, req.promptTokens, n, 'tool_calls', call)),
    };
  }
  // Templated rather than JSON.stringify per chunk: the same bytes, a fraction of the cost.
  const prefix = `data: {"id":${JSON.stringify(id)},"object":"chat.completion.chunk","created":${ctx.created},"model":${modelJson(model)},"choices":[{"index":0,"delta":`;
  const tokens: string[] = [];
  let head = '';
  if (call && pieces) {
    head = chunk(
      prefix,
      `{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":${JSON.stringify(call.id)},"type":"function","function":{"name":${JSON.stringify(call.name)},"arguments":""}}]}`,
    );
    for (const p of pieces)
      tokens.push(chunk(prefix, `{"tool_calls":[{"index":0,"function":{"arguments":${JSON.stringify(p)}}}]}`));
  } else {
    for (let i = 0; i < n; i++)
      tokens.push(
        chunk(prefix, i === 0 ? `{"role":"assistant","content":${tokenJson(0)}}` : `{"content":${tokenJson(i)}}`),
      );
  }
  const so = req.body.stream_options;
  const includeUsage = isObject(so) && so.include_usage === true;
  let tail = includeUsage
    ? `${prefix}{},"logprobs":null,"finish_reason":"${finish}"}],"usage":null}\n\n`
    : chunk(prefix, '{}', `"${finish}"`);
  if (includeUsage)
    tail += `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: ctx.created, model, choices: [], usage: usageOf(req.promptTokens, n) })}\n\n`;
  return { kind: 'sse', head, tokens, tail, done: SSE_DONE };
}
