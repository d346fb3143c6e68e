import { completionText, tokenJson } from '../openai-shapes.ts';
import {
  isObject,
  positiveInt,
  sseEvent,
  textTokens,
  type Rendered,
  type RenderContext,
  type Route,
  type RouteRequest,
} from './route.ts';
import { argumentPieces, chooseTool, NO_TOOLS, type ToolChoice, type ToolSpec } from './tools.ts';

/**
 * POST /v1/messages (Anthropic Messages API): a `message` object, or its SSE events message_start,
 * content_block_start, ping, content_block_delta..., content_block_stop, message_delta, message_stop.
 */
export const messagesRoute: Route = {
  path: '/v1/messages',
  provider: 'anthropic',
  parse(body, defaultModel) {
    const messages = body.messages;
    if (!Array.isArray(messages) || messages.length === 0 || !messages.every(isObject))
      return 'messages: must be a non-empty array of message objects';
    const maxTokens = positiveInt(body.max_tokens);
    if (maxTokens === undefined) return 'max_tokens: Field required (a positive integer)';
    const tools: readonly ToolSpec[] = Array.isArray(body.tools)
      ? body.tools.filter(isObject).map((t) => ({ name: String(t.name ?? ''), schema: t.input_schema }))
      : NO_TOOLS;
    const last = messages[messages.length - 1] as { content?: unknown };
    const lastIsToolResult =
      Array.isArray(last.content) && last.content.some((c) => isObject(c) && c.type === 'tool_result');
    const tool = chooseTool(tools, messagesToolChoice(body.tool_choice), lastIsToolResult);
    if (typeof tool === 'string') return tool;
    return {
      model: typeof body.model === 'string' && body.model ? body.model : defaultModel,
      stream: body.stream === true,
      maxTokens,
      promptTokens: textTokens(messages) + textTokens(body.system),
      tool,
      body,
    };
  },
  render: renderMessages,
  frameKey: (req) => (req.tool ? undefined : ''),
};

function messagesToolChoice(v: unknown): ToolChoice {
  if (!isObject(v)) return 'auto';
  if (v.type === 'none') return 'none';
  if (v.type === 'any') return 'required';
  if (v.type === 'tool' && typeof v.name === 'string') return { name: v.name };
  return 'auto';
}

function renderMessages(req: RouteRequest, ctx: RenderContext): Rendered {
  const id = `msg_${ctx.seq}`;
  const call = req.tool && { id: `toolu_${ctx.seq}`, ...req.tool };
  const pieces = call ? argumentPieces(call.arguments) : undefined;
  const n = pieces ? pieces.length : ctx.completionTokens;
  const stopReason = call ? 'tool_use' : ctx.capped ? 'max_tokens' : 'end_turn';
  const usage = (output: number) =>
    `{"input_tokens":${req.promptTokens},"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":${output}}`;
  const block = (done: boolean) =>
    JSON.stringify(
      call
        ? { type: 'tool_use', id: call.id, name: call.name, input: done ? JSON.parse(call.arguments) : {} }
        : { type: 'text', text: done ? completionText(n) : '' },
    );
  const start = `{"id":"${id}","type":"message","role":"assistant","model":${JSON.stringify(req.model)},"content":`;
  const message = (done: boolean) =>
    `${start}${done ? `[${block(true)}]` : '[]'},"stop_reason":${done ? `"${stopReason}"` : 'null'},"stop_sequence":null,"usage":${usage(done ? n : 1)}}`;
  if (!req.stream) return { kind: 'json', body: message(true) };
  let head = `event: message_start\ndata: {"type":"message_start","message":${message(false)}}\n\n`;
  head += `event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":${block(false)}}\n\n`;
  head += PING;
  // Templated per token rather than JSON.stringify of an object: the same bytes, much cheaper.
  const tokens: string[] = [];
  for (let i = 0; i < n; i++) {
    const delta = pieces
      ? `{"type":"input_json_delta","partial_json":${JSON.stringify(pieces[i])}}`
      : `{"type":"text_delta","text":${tokenJson(i)}}`;
    tokens.push(`event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":${delta}}\n\n`);
  }
  let tail = 'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n';
  tail += `event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"${stopReason}","stop_sequence":null},"usage":{"output_tokens":${n}}}\n\n`;
  return { kind: 'sse', head, tokens, tail, done: MESSAGE_STOP };
}

const PING = sseEvent('ping', { type: 'ping' });
const MESSAGE_STOP = sseEvent('message_stop', { type: 'message_stop' });

const ANTHROPIC_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  529: 'overloaded_error',
};

/** An Anthropic-shaped error body: `{"type":"error","error":{"type":"overloaded_error","message":...}}`. */
export function anthropicErrorBody(status: number, message: string) {
  return {
    type: 'error',
    error: {
      type: ANTHROPIC_TYPES[status] ?? (status === 408 || status === 504 ? 'timeout_error' : 'api_error'),
      message,
    },
  };
}
