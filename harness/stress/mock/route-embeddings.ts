import { createRng } from '../../core/rng.ts';
import { positiveInt, textTokens, type Rendered, type RenderContext, type Route, type RouteRequest } from './route.ts';

/** Length of a vector when the request names no `dimensions` (text-embedding-3-small's). */
export const DEFAULT_DIMENSIONS = 1536;

/** FNV-1a over the input's JSON text: the per-input part of a vector's seed. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h | 0;
}

/** A unit vector drawn from (seed, input): the same input always gets the same vector, different inputs differ. */
export function embeddingVector(seed: number, input: unknown, dimensions: number): Float32Array {
  const rng = createRng(hash(JSON.stringify(input)) ^ Math.imul(seed, 0x9e3779b1));
  const v = new Float32Array(dimensions);
  let norm = 0;
  for (let i = 0; i < dimensions; i++) {
    const x = rng.normal();
    v[i] = x;
    norm += x * x;
  }
  const s = 1 / Math.sqrt(norm);
  for (let i = 0; i < dimensions; i++) v[i]! *= s;
  return v;
}

function inputsOf(input: unknown): unknown[] | undefined {
  if (typeof input === 'string') return [input];
  if (!Array.isArray(input) || input.length === 0) return undefined;
  // One array of token ids is one input; otherwise each element is an input.
  if (input.every((x) => typeof x === 'number')) return [input];
  return input.every((x) => typeof x === 'string' || (Array.isArray(x) && x.every((t) => typeof t === 'number')))
    ? input
    : undefined;
}

/** POST /v1/embeddings: deterministic unit vectors from the seed and each input, `dimensions` honoured, float or base64. */
export const embeddingsRoute: Route = {
  path: '/v1/embeddings',
  provider: 'openai',
  parse(body, defaultModel) {
    const inputs = inputsOf(body.input);
    if (!inputs) return "'input' must be a string, an array of strings, or token arrays";
    if (
      body.dimensions !== undefined &&
      (positiveInt(body.dimensions) === undefined || (body.dimensions as number) > 8192)
    )
      return "'dimensions' must be an integer from 1 to 8192";
    if (body.encoding_format !== undefined && body.encoding_format !== 'float' && body.encoding_format !== 'base64')
      return "'encoding_format' must be 'float' or 'base64'";
    return {
      model: typeof body.model === 'string' && body.model ? body.model : defaultModel,
      stream: false,
      maxTokens: undefined,
      promptTokens: inputs.reduce<number>((s, x) => s + textTokens(x), 0),
      tool: undefined,
      body: { ...body, input: inputs },
    };
  },
  render: renderEmbeddings,
};

function renderEmbeddings(req: RouteRequest, ctx: RenderContext): Rendered {
  const inputs = req.body.input as unknown[];
  const dimensions = positiveInt(req.body.dimensions) ?? DEFAULT_DIMENSIONS;
  const base64 = req.body.encoding_format === 'base64';
  const data = inputs.map((input, index) => {
    const v = embeddingVector(ctx.seed, input, dimensions);
    return {
      object: 'embedding',
      index,
      embedding: base64 ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') : Array.from(v),
    };
  });
  return {
    kind: 'json',
    body: JSON.stringify({
      object: 'list',
      data,
      model: req.model,
      usage: { prompt_tokens: req.promptTokens, total_tokens: req.promptTokens },
    }),
  };
}
