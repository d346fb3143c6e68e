import { z } from 'zod';

const positive = z.number().positive();
const day = z.number().min(0);

/** A step change of the mean, in reference standard deviations, from `atDay` on. */
const shift = z.strictObject({ kind: z.literal('shift'), atDay: day, meanShift: z.number() });
/** A linear ramp of the mean from 0 to `meanShift` sd over `durationDays`, then held. */
const gradual = z.strictObject({
  kind: z.literal('gradual'),
  startDay: day,
  durationDays: positive,
  meanShift: z.number(),
});
/** The standard deviation multiplied by `sdFactor` from `atDay` on; the mean unchanged. */
const variance = z.strictObject({ kind: z.literal('variance'), atDay: day, sdFactor: positive });
/** Episodes of `durationDays` with the mean shifted by `meanShift` sd, one every `everyDays` from `startDay`. */
const recurring = z
  .strictObject({
    kind: z.literal('recurring'),
    startDay: day,
    everyDays: positive,
    durationDays: positive,
    meanShift: z.number(),
  })
  .refine((r) => r.durationDays < r.everyDays, {
    message: 'durationDays must be shorter than everyDays',
    path: ['durationDays'],
  });

export const changeSchema = z.discriminatedUnion('kind', [shift, gradual, variance, recurring]);
export type DriftChange = z.infer<typeof changeSchema>;

/**
 * A drift scenario file (YAML or JSON): a stationary base stream, optional daily and weekly cycles,
 * and the changes that are the ground truth. No changes is the control.
 */
export const scenarioSchema = z
  .strictObject({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'name must be kebab-case (a-z, 0-9, -)'),
    description: z.string().default(''),
    /** Simulated length. Default 30 days. */
    days: positive.max(366).default(30),
    /** Minutes per step, a divisor of 60 so that hours hold whole steps. Default 1 (43,200 steps for 30 days). */
    stepMinutes: z
      .number()
      .int()
      .min(1)
      .max(60)
      .refine((m) => 60 % m === 0, 'stepMinutes must divide 60 (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30 or 60)')
      .default(1),
    /** The first days are the reference: no change may start in it; detectors calibrate on it. Default 7. */
    referenceDays: positive.default(7),
    base: z.strictObject({ mean: z.number().default(0), sd: positive.default(1) }).prefault({}),
    /** Cycle amplitudes in reference sd (peak deviation from the mean). No real drift: must not alarm. */
    seasonality: z
      .strictObject({ daily: z.number().min(0).default(0), weekly: z.number().min(0).default(0) })
      .optional(),
    changes: z.array(changeSchema).default([]),
    /** What the suite requires of the default detector set. */
    expect: z
      .strictObject({
        /** Every drift episode must be detected within this many hours of its onset. */
        detectWithinHours: positive.optional(),
        /** False alarms allowed over the whole trace (default 0). */
        maxFalseAlarms: z.number().int().min(0).default(0),
      })
      .prefault({}),
  })
  .superRefine((s, ctx) => {
    if (s.referenceDays >= s.days)
      ctx.addIssue({
        code: 'custom',
        message: `referenceDays (${s.referenceDays}) must be shorter than days (${s.days})`,
        path: ['referenceDays'],
      });
    s.changes.forEach((c, i) => {
      const start = 'atDay' in c ? c.atDay : c.startDay;
      const key = 'atDay' in c ? 'atDay' : 'startDay';
      if (start < s.referenceDays)
        ctx.addIssue({
          code: 'custom',
          message: `a change cannot start inside the reference period (first ${s.referenceDays} days)`,
          path: ['changes', i, key],
        });
      if (start >= s.days)
        ctx.addIssue({
          code: 'custom',
          message: `starts after the scenario ends (day ${s.days})`,
          path: ['changes', i, key],
        });
    });
  });

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
