import { completionText, tokenText } from '../openai-shapes.ts';
import { isObject, positiveInt, sseEvent, textTokens, type Rendered, type RenderContext, type Route, type RouteRequest } from './route.ts';
import { argumentPieces, chooseTool, type ToolChoice, type ToolSpec } from './tools.ts';

/**
 * POST /v1/responses (OpenAI Responses API): a `response` object, or its SSE event sequence
 * response.created, response.in_progress, response.output_item.added, ..., response.output_text.delta
 * (or response.function_call_arguments.delta), ..., response.completed (with usage).
 */
export const responsesRoute: Route = {
  path: '/v1/responses',
  provider: 'openai',
  parse(body, defaultModel) {
    const input = body.input;
    if (!(typeof input === 'string' ? input.length > 0 : Array.isArray(input) && input.length > 0)) return "'input' must be a non-empty string or array of input items";
    const tools: ToolSpec[] = Array.isArray(body.tools) ? body.tools.filter((t) => isObject(t) && t.type === 'function').map((t) => ({ name: String((t as { name?: unknown }).name ?? ''), schema: (t as { parameters?: unknown }).parameters })) : [];
    const last: unknown = Array.isArray(input) ? input[input.length - 1] : undefined;
    const tool = chooseTool(tools, responsesToolChoice(body.tool_choice), isObject(last) && last.type === 'function_call_output');
    if (typeof tool === 'string') return tool;
    return {
      model: typeof body.model === 'string' && body.model ? body.model : defaultModel,
      stream: body.stream === true,
      maxTokens: positiveInt(body.max_output_tokens),
      promptTokens: textTokens(input) + textTokens(body.instructions),
      tool,
      body,
    };
  },
  render: renderResponses,
};

function responsesToolChoice(v: unknown): ToolChoice {
  if (v === 'none' || v === 'required' || v === 'auto') return v;
  if (isObject(v) && v.type === 'function' && typeof v.name === 'string') return { name: v.name };
  return 'auto';
}

function renderResponses(req: RouteRequest, ctx: RenderContext): Rendered {
  const id = `resp_${ctx.seq}`;
  const b = req.body;
  const call = req.tool && { id: `fc_${ctx.seq}`, call_id: `call_${ctx.seq}_0`, ...req.tool };
  const pieces = call ? argumentPieces(call.arguments) : undefined;
  const n = pieces ? pieces.length : ctx.completionTokens;
  const text = completionText(n);
  const msgId = `msg_${ctx.seq}`;
  const incomplete = !call && ctx.capped;
  const usage = { input_tokens: req.promptTokens, input_tokens_details: { cached_tokens: 0 }, output_tokens: n, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: req.promptTokens + n };
  const textPart = (t: string) => ({ type: 'output_text', text: t, annotations: [], logprobs: [] });
  const item = (done: boolean) =>
    call
      ? { id: call.id, type: 'function_call', status: done ? 'completed' : 'in_progress', arguments: done ? call.arguments : '', call_id: call.call_id, name: call.name }
      : { id: msgId, type: 'message', status: done ? (incomplete ? 'incomplete' : 'completed') : 'in_progress', role: 'assistant', content: done ? [textPart(text)] : [] };
  const response = (status: string, output: unknown[], withUsage: boolean) => ({
    id,
    object: 'response',
    created_at: ctx.created,
    status,
    background: false,
    error: null,
    incomplete_details: status === 'incomplete' ? { reason: 'max_output_tokens' } : null,
    instructions: b.instructions ?? null,
    max_output_tokens: b.max_output_tokens ?? null,
    model: req.model,
    output,
    parallel_tool_calls: b.parallel_tool_calls ?? true,
    previous_response_id: b.previous_response_id ?? null,
    reasoning: { effort: null, summary: null },
    store: b.store ?? true,
    temperature: b.temperature ?? 1,
    text: b.text ?? { format: { type: 'text' } },
    tool_choice: b.tool_choice ?? 'auto',
    tools: b.tools ?? [],
    top_p: b.top_p ?? 1,
    truncation: 'disabled',
    usage: withUsage ? usage : null,
    user: null,
    metadata: b.metadata ?? {},
  });
  const final = incomplete ? 'incomplete' : 'completed';
  if (!req.stream) return { kind: 'json', body: JSON.stringify(response(final, [item(true)], true)) };

  let seq = 0;
  const ev = (type: string, data: Record<string, unknown>) => sseEvent(type, { type, sequence_number: seq++, ...data });
  let head = ev('response.created', { response: response('in_progress', [], false) });
  head += ev('response.in_progress', { response: response('in_progress', [], false) });
  head += ev('response.output_item.added', { output_index: 0, item: item(false) });
  const tokens: string[] = [];
  let tail = '';
  if (call && pieces) {
    for (const p of pieces) tokens.push(ev('response.function_call_arguments.delta', { item_id: call.id, output_index: 0, delta: p }));
    tail += ev('response.function_call_arguments.done', { item_id: call.id, output_index: 0, name: call.name, arguments: call.arguments });
  } else {
    head += ev('response.content_part.added', { item_id: msgId, output_index: 0, content_index: 0, part: textPart('') });
    for (let i = 0; i < n; i++) tokens.push(ev('response.output_text.delta', { item_id: msgId, output_index: 0, content_index: 0, delta: tokenText(i), logprobs: [] }));
    tail += ev('response.output_text.done', { item_id: msgId, output_index: 0, content_index: 0, text, logprobs: [] });
    tail += ev('response.content_part.done', { item_id: msgId, output_index: 0, content_index: 0, part: textPart(text) });
  }
  tail += ev('response.output_item.done', { output_index: 0, item: item(true) });
  const done = ev(`response.${final}`, { response: response(final, [item(true)], true) });
  return { kind: 'sse', head, tokens, tail, done };
}
