import { completionText, tokenText } from '../openai-shapes.ts';
import {
  isObject,
  positiveInt,
  textTokens,
  type Rendered,
  type RenderContext,
  type Route,
  type RouteRequest,
} from './route.ts';
import { argumentPieces, chooseTool, NO_TOOLS, type ToolChoice, type ToolSpec } from './tools.ts';

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
    if (!(typeof input === 'string' ? input.length > 0 : Array.isArray(input) && input.length > 0))
      return "'input' must be a non-empty string or array of input items";
    const tools: readonly ToolSpec[] = Array.isArray(body.tools)
      ? body.tools
          .filter((t) => isObject(t) && t.type === 'function')
          .map((t) => ({
            name: String((t as { name?: unknown }).name ?? ''),
            schema: (t as { parameters?: unknown }).parameters,
          }))
      : NO_TOOLS;
    const last: unknown = Array.isArray(input) ? input[input.length - 1] : undefined;
    const tool = chooseTool(
      tools,
      responsesToolChoice(body.tool_choice),
      isObject(last) && last.type === 'function_call_output',
    );
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
  frameKey(req) {
    if (req.tool) return undefined;
    // The request fields the response object echoes: primitives join the key, objects are rendered per request.
    const b = req.body;
    let echoes = false;
    // Over the body's few keys, not ECHOED's eleven: a load per ECHOED name is a megamorphic keyed load each.
    for (const k in b) if (ECHOED_NAMES.has(k) && b[k] !== undefined) echoes = true;
    if (!echoes) return NONE_ECHOED; // the common case, without building the key
    let key = '';
    for (const field of ECHOED) {
      const v = req.body[field];
      if (typeof v === 'object' && v !== null) return undefined;
      key += v === undefined ? '\n' : `\n${JSON.stringify(v)}`;
    }
    return key;
  },
};

/** Request fields that responseTemplate() copies into the response object. */
const ECHOED = [
  'instructions',
  'max_output_tokens',
  'parallel_tool_calls',
  'previous_response_id',
  'store',
  'temperature',
  'text',
  'tool_choice',
  'tools',
  'top_p',
  'metadata',
] as const;

const ECHOED_NAMES: ReadonlySet<string> = new Set(ECHOED);

/** The shape key of a request that sets none of ECHOED. */
const NONE_ECHOED = '\n'.repeat(ECHOED.length);

function responsesToolChoice(v: unknown): ToolChoice {
  if (v === 'none' || v === 'required' || v === 'auto') return v;
  if (isObject(v) && v.type === 'function' && typeof v.name === 'string') return { name: v.name };
  return 'auto';
}

interface Call {
  id: string;
  call_id: string;
  name: string;
  arguments: string;
}

// Top-level helpers rather than closures: tsx (which runs gauntlet) wraps every closure created
// per call in a naming helper, which shows on the mock's hot path.
function textPart(t: string) {
  return { type: 'output_text', text: t, annotations: [], logprobs: [] };
}

function outputItem(call: Call | undefined, msgId: string, text: string, done: boolean, incomplete: boolean) {
  return call
    ? {
        id: call.id,
        type: 'function_call',
        status: done ? 'completed' : 'in_progress',
        arguments: done ? call.arguments : '',
        call_id: call.call_id,
        name: call.name,
      }
    : {
        id: msgId,
        type: 'message',
        status: done ? (incomplete ? 'incomplete' : 'completed') : 'in_progress',
        role: 'assistant',
        content: done ? [textPart(text)] : [],
      };
}

/** The response object serialised once with placeholders for status, incomplete_details, output and usage. */
function responseTemplate(req: RouteRequest, id: string, created: number): string {
  const b = req.body;
  return JSON.stringify({
    id,
    object: 'response',
    created_at: created,
    status: '\u0001',
    background: false,
    error: null,
    incomplete_details: '\u0004',
    instructions: b.instructions ?? null,
    max_output_tokens: b.max_output_tokens ?? null,
    model: req.model,
    output: '\u0003',
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
    usage: '\u0002',
    user: null,
    metadata: b.metadata ?? {},
  });
}

/** Fill a response template: the same bytes as JSON.stringify of the object, at a fraction of the cost. */
function fillResponse(template: string, status: string, output: string, usageJson: string): string {
  const s = template.indexOf('"\\u0001"');
  const i = template.indexOf('"\\u0004"', s);
  const o = template.indexOf('"\\u0003"', i);
  const u = template.indexOf('"\\u0002"', o);
  return (
    template.slice(0, s) +
    `"${status}"` +
    template.slice(s + 8, i) +
    (status === 'incomplete' ? '{"reason":"max_output_tokens"}' : 'null') +
    template.slice(i + 8, o) +
    output +
    template.slice(o + 8, u) +
    usageJson +
    template.slice(u + 8)
  );
}

function event(type: string, seq: number, rest: string): string {
  return `event: ${type}\ndata: {"type":"${type}","sequence_number":${seq},${rest}}\n\n`;
}

function renderResponses(req: RouteRequest, ctx: RenderContext): Rendered {
  const id = `resp_${ctx.seq}`;
  const call: Call | undefined = req.tool && { id: `fc_${ctx.seq}`, call_id: `call_${ctx.seq}_0`, ...req.tool };
  const pieces = call ? argumentPieces(call.arguments) : undefined;
  const n = pieces ? pieces.length : ctx.completionTokens;
  const text = completionText(n);
  const msgId = `msg_${ctx.seq}`;
  const incomplete = !call && ctx.capped;
  const usageJson = `{"input_tokens":${req.promptTokens},"input_tokens_details":{"cached_tokens":0},"output_tokens":${n},"output_tokens_details":{"reasoning_tokens":0},"total_tokens":${req.promptTokens + n}}`;
  const final = incomplete ? 'incomplete' : 'completed';
  const template = responseTemplate(req, id, ctx.created);
  const doneItem = JSON.stringify(outputItem(call, msgId, text, true, incomplete));
  if (!req.stream) return { kind: 'json', body: fillResponse(template, final, `[${doneItem}]`, usageJson) };

  let seq = 0;
  const started = fillResponse(template, 'in_progress', '[]', 'null');
  let head = event('response.created', seq++, `"response":${started}`);
  head += event('response.in_progress', seq++, `"response":${started}`);
  head += event(
    'response.output_item.added',
    seq++,
    `"output_index":0,"item":${JSON.stringify(outputItem(call, msgId, text, false, incomplete))}`,
  );
  const tokens: string[] = [];
  let tail = '';
  if (call && pieces) {
    const at = `"item_id":${JSON.stringify(call.id)},"output_index":0`;
    for (const p of pieces)
      tokens.push(event('response.function_call_arguments.delta', seq++, `${at},"delta":${JSON.stringify(p)}`));
    tail += event(
      'response.function_call_arguments.done',
      seq++,
      `${at},"name":${JSON.stringify(call.name)},"arguments":${JSON.stringify(call.arguments)}`,
    );
  } else {
    const at = `"item_id":"${msgId}","output_index":0,"content_index":0`;
    head += event(
      'response.content_part.added',
      seq++,
      `${at},"part":{"type":"output_text","text":"","annotations":[],"logprobs":[]}`,
    );
    for (let i = 0; i < n; i++)
      tokens.push(
        event('response.output_text.delta', seq++, `${at},"delta":${JSON.stringify(tokenText(i))},"logprobs":[]`),
      );
    const textJson = JSON.stringify(text);
    tail += event('response.output_text.done', seq++, `${at},"text":${textJson},"logprobs":[]`);
    tail += event(
      'response.content_part.done',
      seq++,
      `${at},"part":{"type":"output_text","text":${textJson},"annotations":[],"logprobs":[]}`,
    );
  }
  tail += event('response.output_item.done', seq++, `"output_index":0,"item":${doneItem}`);
  const done = event(
    `response.${final}`,
    seq,
    `"response":${fillResponse(template, final, `[${doneItem}]`, usageJson)}`,
  );
  return { kind: 'sse', head, tokens, tail, done };
}
