import type Anthropic from '@anthropic-ai/sdk';
import { z } from 'zod';
import type { ClientFactoryOptions, StressCallRequest, StressCallResult, StressClient } from '../client-contract.ts';
import {
  costOf,
  prepareSdk,
  sdkClientOptions,
  sdkOptionsShape,
  tracedCall,
  type SdkRequestOptions,
} from './sdk-common.ts';

/** The keys a stress suite may set in `clientOptions` for the @anthropic-ai/sdk adapter. */
export const anthropicClientOptionsSchema = z.strictObject({
  /** The Messages API requires max_tokens; the call's own maxTokens wins. */
  maxTokens: z.number().int().positive().default(256),
  ...sdkOptionsShape,
});
export type AnthropicClientOptions = z.input<typeof anthropicClientOptionsSchema>;

/**
 * Stress-suite client factory for the official `@anthropic-ai/sdk` package (an optional peer
 * dependency, loaded only here), calling `POST /v1/messages`. A stream that ends without
 * `message_stop` is `truncated_stream`; attempts are counted per call; 529 is `http_529`.
 */
export async function anthropicClientFactory(o: ClientFactoryOptions): Promise<StressClient> {
  const { opts, sdkModule, tracer } = await prepareSdk(
    anthropicClientOptionsSchema,
    o,
    '@anthropic-ai/sdk',
    () => import('@anthropic-ai/sdk'),
  );
  const AnthropicSdk = sdkModule.default;
  // The SDK appends /v1/messages itself.
  const sdk = new AnthropicSdk({
    baseURL: o.baseURL.replace(/\/v1\/?$/, ''),
    ...sdkClientOptions(o, opts, tracer.fetch),
  });

  const call = (req: StressCallRequest): Promise<StressCallResult> =>
    tracedCall(tracer, AnthropicSdk, req, async (ro, trace) => {
      const answer = await messages(sdk, opts.model, req.maxTokens ?? opts.maxTokens, req, ro);
      if (!answer) return { outcome: 'failure', failure: 'truncated_stream', attempts: trace.attempts };
      const { promptTokens: p, completionTokens: c } = answer.usage;
      return {
        outcome: 'success',
        text: answer.text,
        usage: answer.usage,
        costUsd: costOf(opts.pricing, p, c),
        attempts: trace.attempts,
      };
    });
  return { call, close: async () => {} };
}

type Answer = { text: string; usage: { promptTokens: number; completionTokens: number } } | undefined;

async function messages(
  sdk: Anthropic,
  model: string,
  maxTokens: number,
  req: StressCallRequest,
  ro: SdkRequestOptions,
): Promise<Answer> {
  const system = req.messages
    .filter((m) => m.role === 'system')
    .map((m) => m.content)
    .join('\n');
  const base = {
    model,
    max_tokens: maxTokens,
    messages: req.messages
      .filter((m) => m.role !== 'system')
      .map((m) => ({ role: m.role as 'user' | 'assistant', content: m.content })),
    ...(system ? { system } : {}),
  };
  if (!req.stream) {
    const r = await sdk.messages.create(base, ro);
    const text = r.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
    return { text, usage: { promptTokens: r.usage.input_tokens, completionTokens: r.usage.output_tokens } };
  }
  const stream = await sdk.messages.create({ ...base, stream: true }, ro);
  let text = '';
  let prompt = 0;
  let completion = 0;
  for await (const ev of stream) {
    if (ev.type === 'message_start') prompt = ev.message.usage.input_tokens;
    else if (ev.type === 'content_block_delta' && ev.delta.type === 'text_delta') {
      text += ev.delta.text;
      req.onToken?.(ev.delta.text);
    } else if (ev.type === 'message_delta') completion = ev.usage.output_tokens;
    else if (ev.type === 'message_stop') return { text, usage: { promptTokens: prompt, completionTokens: completion } };
  }
  // The stream ended without message_stop: the answer may be cut.
  return undefined;
}
