import { z } from 'zod';

/** Expectation modes a golden case can use; the reference ids are what `--update` proposes. */
export const EXPECTATION_MODES = ['exact-order', 'same-set', 'min-overlap', 'min-kendall-tau'] as const;
export type ExpectationMode = (typeof EXPECTATION_MODES)[number];

export const DEFAULT_ENTROPY_TOLERANCE = 1e-9;

const uniqueIds = (ids: string[], ctx: z.RefinementCtx) => {
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id)) ctx.addIssue({ code: 'custom', message: `duplicate id '${id}'`, path: [i] });
    seen.add(id);
  });
};

const common = {
  /** The reference selection, in order. */
  ids: z.array(z.string().min(1)).superRefine(uniqueIds),
  /** Reference entropy (nats); checked within `entropyTolerance` when present. */
  entropy: z.number().optional(),
  entropyTolerance: z.number().min(0).optional(),
  /** The selection's median latency over a few calls must not exceed this. */
  maxLatencyMs: z.number().positive().optional(),
};

const expectationSchema = z.preprocess(
  (v) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) && !('mode' in v) ? { ...v, mode: 'exact-order' } : v,
  z.discriminatedUnion(
    'mode',
    [
      z.strictObject({ mode: z.literal('exact-order'), ...common }),
      z.strictObject({ mode: z.literal('same-set'), ...common }),
      z.strictObject({ mode: z.literal('min-overlap'), minOverlap: z.number().min(0).max(1), ...common }),
      z.strictObject({ mode: z.literal('min-kendall-tau'), minKendallTau: z.number().min(-1).max(1), ...common }),
    ],
    { error: () => `unknown expectation mode (known: ${EXPECTATION_MODES.join(', ')})` },
  ),
);
export type Expectation = z.infer<typeof expectationSchema>;

const candidateSchema = z.strictObject({
  id: z.string().min(1),
  // zod 4 rejects NaN and ±Infinity here (YAML .nan / .inf).
  score: z.number(),
  category: z.string().min(1).optional(),
});

/** One golden case file (YAML or JSON): a review touches one file. */
export const goldenCaseSchema = z
  .strictObject({
    name: z.string().min(1),
    description: z.string().optional(),
    seed: z.number().int(),
    /** Overrides of the suite's base selector config (deep-merged: objects merge, scalars and arrays replace). */
    config: z.record(z.string(), z.unknown()).optional(),
    /** This case's timeout, instead of the suite's `timeoutMs`. */
    timeoutMs: z.number().int().positive().optional(),
    candidates: z.array(candidateSchema),
    expect: expectationSchema.optional(),
  })
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.candidates.forEach((cand, i) => {
      if (seen.has(cand.id))
        ctx.addIssue({ code: 'custom', message: `duplicate candidate id '${cand.id}'`, path: ['candidates', i, 'id'] });
      seen.add(cand.id);
    });
  });
export type GoldenCaseData = z.infer<typeof goldenCaseSchema>;

/** A loaded case: its data and where it came from. */
export interface GoldenCase extends GoldenCaseData {
  /** Path relative to the suite's root dir, as shown in reports. */
  file: string;
  absFile: string;
}
