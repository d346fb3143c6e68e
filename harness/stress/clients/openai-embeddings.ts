import type OpenAI from 'openai';
import type { StressCallRequest, StressCallResult } from '../client-contract.ts';
import type { CallTrace, SdkRequestOptions } from './sdk-common.ts';

/**
 * One stress call as `client.embeddings.create`: one input per message, `dimensions` when set. The
 * answer is checked before it counts as a success: one vector per input, each of the requested
 * length (else all of one length) and finite; anything else is `malformed_response`. Embeddings have
 * no stream, so `req.stream` is ignored and no token times are reported.
 */
export async function embeddingsCall(
  sdk: OpenAI,
  model: string,
  dimensions: number | undefined,
  req: StressCallRequest,
  ro: SdkRequestOptions,
  trace: CallTrace,
): Promise<StressCallResult> {
  const input = req.messages.map((m) => m.content);
  const r = await sdk.embeddings.create({ model, input, ...(dimensions ? { dimensions } : {}) }, ro);
  if (!wellFormed(r.data, input.length, dimensions))
    return { outcome: 'failure', failure: 'malformed_response', attempts: trace.attempts };
  const promptTokens = r.usage?.prompt_tokens ?? 0;
  return { outcome: 'success', usage: { promptTokens, completionTokens: 0 }, attempts: trace.attempts };
}

/** One vector per input, in order, of one length (the requested one when set), every value finite. */
export function wellFormed(
  data: ReadonlyArray<{ index: number; embedding: ArrayLike<number> }> | undefined,
  inputs: number,
  dimensions: number | undefined,
): boolean {
  if (!Array.isArray(data) || data.length !== inputs) return false;
  const length = dimensions ?? data[0]?.embedding.length ?? 0;
  return data.every((d, i) => {
    if (d.index !== i || d.embedding?.length !== length || length === 0) return false;
    for (let k = 0; k < length; k++) if (!Number.isFinite(d.embedding[k])) return false;
    return true;
  });
}
