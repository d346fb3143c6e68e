import { z } from 'zod';

/** A threshold fixed in advance, or calibrated on the reference period as mean + k * sd of the statistic over reference windows (never below `min`). */
export const thresholdSchema = z.union([
  z.strictObject({
    /** This threshold, in the statistic's units. */
    fixed: z.number().positive(),
  }),
  z.strictObject({
    /** Calibrated: mean + k sd of the statistic over the reference period's windows. */
    k: z.number().positive(),
    /** The calibrated threshold is never below this. */
    min: z.number().min(0).default(0),
  }),
]);
export type ThresholdSpec = z.infer<typeof thresholdSchema>;

export const WINDOWED_IDS = ['ks', 'wasserstein', 'psi', 'jensenShannon'] as const;
export const STREAMING_IDS = ['pageHinkley', 'cusum', 'adwin'] as const;
export type WindowedId = (typeof WINDOWED_IDS)[number];
export type StreamingId = (typeof STREAMING_IDS)[number];
export type DetectorId = WindowedId | StreamingId;

const windowed = z.strictObject({
  /** Run this detector (its alarms count only if it is in `defaultSet`). */
  enabled: z.boolean().default(true),
  /** `{ fixed }` or `{ k, min }` (calibrated on the reference period). */
  threshold: thresholdSchema,
});

/**
 * Detector settings for a drift suite. Windowed detectors compare the last `windowHours` of
 * deseasonalised residuals with the reference period every `everyHours`; streaming detectors see
 * every residual (in reference sd units, so their thresholds are in sd units too).
 */
export const detectorConfigSchema = z
  .strictObject({
    /**
     * Windowed detectors compare the last this many hours with the reference; also the grace after an
     * episode during which an alarm is not a false one.
     */
    windowHours: z.number().positive().default(4),
    /** Windowed detectors run every this many hours. */
    everyHours: z.number().positive().default(1),
    /** The reference sample the windowed tests compare with: this many evenly spaced quantiles of the reference residuals. */
    referenceQuantiles: z.number().int().min(100).default(2000),
    /** Bins at reference quantiles for PSI and Jensen-Shannon. */
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
        /** Run this detector (its alarms count only if it is in `defaultSet`). */
        enabled: z.boolean().default(true),
        /** Deviation tolerated before it accumulates, in reference sd. */
        delta: z.number().min(0).default(0.25),
        /** Alarm when the cumulative deviation exceeds this (lambda), in reference sd. */
        threshold: z.number().positive().default(60),
      })
      .prefault({}),
    cusum: z
      .strictObject({
        /** Run this detector (its alarms count only if it is in `defaultSet`). */
        enabled: z.boolean().default(true),
        /** Slack per residual, in reference sd. */
        k: z.number().min(0).default(0.27),
        /** Decision threshold, in reference sd. */
        h: z.number().positive().default(34),
      })
      .prefault({}),
    adwin: z
      .strictObject({
        /** Run this detector (its alarms count only if it is in `defaultSet`). */
        enabled: z.boolean().default(true),
        /** Confidence of ADWIN's cut test: smaller means fewer false alarms and later detections. */
        delta: z.number().positive().max(1).default(1e-7),
      })
      .prefault({}),
  })
  .prefault({});

export type DetectorConfig = z.infer<typeof detectorConfigSchema>;

export const defaultDetectorConfig = (): DetectorConfig => detectorConfigSchema.parse(undefined);
