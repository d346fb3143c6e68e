import type OpenAI from 'openai';
import { z } from 'zod';
import type { ClientFactoryOptions, StressCallRequest, StressCallResult, StressClient } from '../client-contract.ts';
import {
  costOf,
  prepareSdk,
  sdkClientOptions,
  sdkOptionsShape,
  tracedCall,
  type CallTrace,
  type SdkRequestOptions,
} from './sdk-common.ts';
import { embeddingsCall } from './openai-embeddings.ts';

/** The keys a stress suite may set in `clientOptions` for the openai SDK adapter. */
export const openaiClientOptionsSchema = z.strictObject({
  /** `chat` (chat.completions.create), `responses` (responses.create) or `embeddings` (embeddings.create). */
  api: z.enum(['chat', 'responses', 'embeddings']).default('chat'),
  /** Embeddings: the vector length to ask for (the API's `dimensions`); unset, the model's own. */
  dimensions: z.number().int().positive().optional(),
  ...sdkOptionsShape,
});
export type OpenAIClientOptions = z.input<typeof openaiClientOptionsSchema>;

/**
 * Stress-suite client factory for the official `openai` package (an optional peer dependency, loaded
 * only here). Attempts are counted per call, errors mapped to gauntlet's categories (a chat stream
 * that ends without `[DONE]`, or a responses stream without `response.completed`, is `truncated_stream`;
 * an embeddings answer of the wrong shape is `malformed_response`), the timeout fits the scenario, and
 * the SDK's logging is off.
 */
export async function openaiClientFactory(o: ClientFactoryOptions): Promise<StressClient> {
  const { opts, sdkModule, tracer } = await prepareSdk(openaiClientOptionsSchema, o, 'openai', () => import('openai'));
  const OpenAISdk = sdkModule.default;
  const sdk = new OpenAISdk({ baseURL: o.baseURL, ...sdkClientOptions(o, opts, tracer.fetch) });
  const cost = (p: number, c: number) => costOf(opts.pricing, p, c);

  const call = (req: StressCallRequest): Promise<StressCallResult> =>
    tracedCall(tracer, OpenAISdk, req, async (ro, trace) => {
      if (opts.api === 'embeddings') return embeddingsCall(sdk, opts.model, opts.dimensions, req, ro, trace);
      const answer =
        opts.api === 'chat' ? await chat(sdk, opts.model, req, ro, trace) : await responses(sdk, opts.model, req, ro);
      if ('truncated' in answer) return { outcome: 'failure', failure: 'truncated_stream', attempts: trace.attempts };
      return {
        outcome: 'success',
        text: answer.text,
        attempts: trace.attempts,
        ...(answer.usage
          ? { usage: answer.usage, costUsd: cost(answer.usage.promptTokens, answer.usage.completionTokens) }
          : {}),
      };
    });
  return { call, close: async () => {} };
}

type Answer = { text: string; usage?: { promptTokens: number; completionTokens: number } } | { truncated: true };
const messagesOf = (req: StressCallRequest) => req.messages.map((m) => ({ role: m.role, content: m.content }));

async function chat(
  sdk: OpenAI,
  model: string,
  req: StressCallRequest,
  ro: SdkRequestOptions,
  trace: CallTrace,
): Promise<Answer> {
  const base = { model, messages: messagesOf(req), ...(req.maxTokens ? { max_tokens: req.maxTokens } : {}) };
  if (!req.stream) {
    const r = await sdk.chat.completions.create(base, ro);
    return {
      text: r.choices[0]?.message.content ?? '',
      ...(r.usage
        ? { usage: { promptTokens: r.usage.prompt_tokens, completionTokens: r.usage.completion_tokens } }
        : {}),
    };
  }
  const stream = await sdk.chat.completions.create(
    { ...base, stream: true, stream_options: { include_usage: true } },
    ro,
  );
  let text = '';
  let usage: { promptTokens: number; completionTokens: number } | undefined;
  for await (const chunk of stream) {
    const delta = chunk.choices[0]?.delta.content;
    if (delta) {
      text += delta;
      req.onToken?.(delta);
    }
    if (chunk.usage)
      usage = { promptTokens: chunk.usage.prompt_tokens, completionTokens: chunk.usage.completion_tokens };
  }
  // The SDK ends the loop quietly when the body ends without [DONE] (openai-node#2725): the tracing fetch saw whether it came.
  if (!trace.sawDone) return { truncated: true };
  return { text, ...(usage ? { usage } : {}) };
}

async function responses(sdk: OpenAI, model: string, req: StressCallRequest, ro: SdkRequestOptions): Promise<Answer> {
  const base = { model, input: messagesOf(req), ...(req.maxTokens ? { max_output_tokens: req.maxTokens } : {}) };
  const usageOf = (u: { input_tokens: number; output_tokens: number } | undefined | null) =>
    u ? { usage: { promptTokens: u.input_tokens, completionTokens: u.output_tokens } } : {};
  if (!req.stream) {
    const r = await sdk.responses.create(base, ro);
    return { text: r.output_text, ...usageOf(r.usage) };
  }
  const stream = await sdk.responses.create({ ...base, stream: true }, ro);
  let text = '';
  for await (const ev of stream) {
    if (ev.type === 'response.output_text.delta') {
      text += ev.delta;
      req.onToken?.(ev.delta);
    } else if (ev.type === 'response.completed') return { text, ...usageOf(ev.response.usage) };
  }
  return { truncated: true };
}
