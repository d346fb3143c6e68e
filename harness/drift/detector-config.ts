import { z } from 'zod';

/** A threshold fixed in advance, or calibrated on the reference period as mean + k * sd of the statistic over reference windows (never below `min`). */
export const thresholdSchema = z.union([
  z.strictObject({ fixed: z.number().positive() }),
  z.strictObject({ k: z.number().positive(), min: z.number().min(0).default(0) }),
]);
export type ThresholdSpec = z.infer<typeof thresholdSchema>;

export const WINDOWED_IDS = ['ks', 'wasserstein', 'psi', 'jensenShannon'] as const;
export const STREAMING_IDS = ['pageHinkley', 'cusum', 'adwin'] as const;
export type WindowedId = (typeof WINDOWED_IDS)[number];
export type StreamingId = (typeof STREAMING_IDS)[number];
export type DetectorId = WindowedId | StreamingId;

const windowed = z.strictObject({
  enabled: z.boolean().default(true),
  threshold: thresholdSchema,
});

/**
 * Detector settings for a drift suite. Windowed detectors compare the last `windowHours` of
 * deseasonalised residuals with the reference period every `everyHours`; streaming detectors see
 * every residual (in reference sd units, so their thresholds are in sd units too).
 */
export const detectorConfigSchema = z
  .strictObject({
    windowHours: z.number().positive().default(4),
    everyHours: z.number().positive().default(1),
    /** The reference sample the windowed tests compare with: this many evenly spaced quantiles of the reference residuals. */
    referenceQuantiles: z.number().int().min(100).default(2000),
    bins: z.number().int().min(2).default(10),
    /** Fit and remove hour-of-day and day-of-week profiles of the reference period. Default true. */
    deseasonalise: z.boolean().default(true),
    /** Detectors whose alarms make up the suite's verdict ("the default set"). */
    defaultSet: z
      .array(z.enum([...WINDOWED_IDS, ...STREAMING_IDS]))
      .min(1)
      .default(['wasserstein', 'cusum']),
    ks: windowed.prefault({ threshold: { k: 7 } }),
    wasserstein: windowed.prefault({ threshold: { k: 10 } }),
    psi: windowed.prefault({ threshold: { k: 7 } }),
    jensenShannon: windowed.prefault({ threshold: { k: 7 } }),
    pageHinkley: z
      .strictObject({
        enabled: z.boolean().default(true),
        delta: z.number().min(0).default(0.25),
        threshold: z.number().positive().default(60),
      })
      .prefault({}),
    cusum: z
      .strictObject({
        enabled: z.boolean().default(true),
        k: z.number().min(0).default(0.27),
        h: z.number().positive().default(34),
      })
      .prefault({}),
    adwin: z
      .strictObject({ enabled: z.boolean().default(true), delta: z.number().positive().max(1).default(1e-7) })
      .prefault({}),
  })
  .prefault({});

export type DetectorConfig = z.infer<typeof detectorConfigSchema>;

export const defaultDetectorConfig = (): DetectorConfig => detectorConfigSchema.parse(undefined);
