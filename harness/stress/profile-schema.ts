import { z } from 'zod';

/** A delay in milliseconds, drawn per request (or per token) from a distribution. */
export const latencySchema = z.discriminatedUnion('dist', [
  z.strictObject({ dist: z.literal('fixed'), ms: z.number().min(0) }),
  z
    .strictObject({ dist: z.literal('uniform'), minMs: z.number().min(0), maxMs: z.number().min(0) })
    .refine((d) => d.maxMs >= d.minMs, {
      message: 'maxMs must be >= minMs',
      path: ['maxMs'],
    }),
  /** Log-normal with the given median (exp(mu)) and shape sigma; `maxMs` caps the tail. */
  z.strictObject({
    dist: z.literal('lognormal'),
    medianMs: z.number().positive(),
    sigma: z.number().min(0),
    maxMs: z.number().positive().optional(),
  }),
]);
export type Latency = z.infer<typeof latencySchema>;

/** Statuses a fault may answer with; 529 is Anthropic's `overloaded_error`. */
export const ERROR_STATUSES = [408, 429, 500, 503, 504, 529] as const;
export type ErrorStatus = (typeof ERROR_STATUSES)[number];

const probability = z.number().min(0).max(1);

/** One kind of fault the server may inject, with its probability per request. */
export const faultSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('status'),
    status: z.custom<ErrorStatus>((v) => (ERROR_STATUSES as readonly unknown[]).includes(v), {
      message: `status must be one of ${ERROR_STATUSES.join(', ')}`,
    }),
    probability,
    /** 429/503: how long the client is asked to wait; sent as `retry-after` (whole seconds, rounded up) and `retry-after-ms`. */
    retryAfterMs: z.number().int().min(0).optional(),
    /** Delay before the error is sent. Default 0. */
    delayMs: z.number().min(0).optional(),
  }),
  /** Accept the request and never answer, until the client gives up (or the server closes). */
  z.strictObject({ type: z.literal('hang'), probability }),
  /** Reset the TCP connection (RST) without a response. */
  z.strictObject({ type: z.literal('reset'), probability }),
  /** 200 with a body that is not valid JSON (or, streaming, a chunk that is not). */
  z.strictObject({ type: z.literal('malformed'), probability }),
  /** Cut the connection after `afterChunks` stream chunks (non-streaming: after half the body). */
  z.strictObject({ type: z.literal('truncate'), probability, afterChunks: z.number().int().min(0).default(2) }),
  /** End the stream cleanly but without the final `data: [DONE]`. */
  z.strictObject({ type: z.literal('no-done'), probability }),
]);
export type Fault = z.infer<typeof faultSchema>;

const faultsSchema = z.array(faultSchema).refine((fs) => fs.reduce((s, f) => s + f.probability, 0) <= 1 + 1e-9, {
  message: 'fault probabilities add up to more than 1',
});

const latencyBlock = z.strictObject({
  /** Time to first token (non-streaming: before the body is computed). */
  ttft: latencySchema.default({ dist: 'fixed', ms: 0 }),
  /** Delay between two output tokens (non-streaming: added once per token before the body is sent). */
  perToken: latencySchema.default({ dist: 'fixed', ms: 0 }),
});

/** A span of time (from server start) with its own latency and faults. */
export const phaseSchema = z.strictObject({
  name: z.string().min(1),
  durationMs: z.number().positive(),
  latency: latencyBlock.optional(),
  faults: faultsSchema.optional(),
});
export type Phase = z.infer<typeof phaseSchema>;

/**
 * A fault profile: latency and faults for the whole run, optionally split into phases over time.
 * After the last phase the top-level latency and faults apply again.
 */
export const faultProfileSchema = z.strictObject({
  name: z.string().min(1).default('profile'),
  description: z.string().optional(),
  latency: latencyBlock.default({ ttft: { dist: 'fixed', ms: 0 }, perToken: { dist: 'fixed', ms: 0 } }),
  faults: faultsSchema.default([]),
  phases: z.array(phaseSchema).default([]),
  /** Output tokens per completion (capped by the request's max_tokens / max_completion_tokens). */
  completionTokens: z.number().int().min(1).max(4096).default(16),
  /** Request bodies over this are answered 413. */
  maxBodyBytes: z.number().int().positive().default(1_048_576),
  /** Model name answered when a request names none (a request's `model` is echoed). */
  model: z.string().default('gauntlet-mock-1'),
  /**
   * Per-key quotas (the key is the request's bearer token or x-api-key), refilled continuously as the
   * providers do: over quota is a 429 with `retry-after` and the provider's rate-limit headers.
   */
  quota: z
    .strictObject({
      requestsPerMinute: z.number().int().positive().optional(),
      tokensPerMinute: z.number().int().positive().optional(),
    })
    .optional(),
});
export type FaultProfile = z.infer<typeof faultProfileSchema>;
export type FaultProfileInput = z.input<typeof faultProfileSchema>;

/** The profile used when none is given: no latency, no faults. */
export const healthyProfile = (): FaultProfile => faultProfileSchema.parse({ name: 'healthy' });
