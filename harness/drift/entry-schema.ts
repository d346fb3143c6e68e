import { z } from 'zod';
import { fn } from '../config/schema.ts';
import { detectorConfigSchema } from './detector-config.ts';
import type { DriftSystemFactory } from './drift-system.ts';

/** A `drift` entry of `gauntlet.config.ts`. */
export const driftEntrySchema = z.strictObject({
  kind: z.literal('drift'),
  name: z.string().min(1),
  /** Scenario files or folders (YAML/JSON), relative to the config file. */
  scenarios: z.array(z.string().min(1)).min(1),
  /** Builds the system under test for one run, given the virtual clock: `({ clock, seed, scenario }) => DriftSystem`. Without it only the detectors run. */
  system: fn<DriftSystemFactory>('a drift system factory ({ clock, seed, scenario }) => DriftSystem').optional(),
  /** Seeds per scenario: seed, seed + 1, ... Default 2. */
  seeds: z.number().int().min(1).max(1000).default(2),
  /** This suite's base seed (default: the config's `seed`; `--seed` overrides both). */
  seed: z.number().int().optional(),
  /** Detector settings: windows, thresholds, the default set (docs/methods/drift-detectors.md). */
  detectors: detectorConfigSchema,
  /** The system's control interval (its `tick`), minutes. Default 60. */
  tickMinutes: z.number().int().min(1).default(60),
  /** An SVG chart per scenario in the report. Default true. */
  charts: z.boolean().default(true),
});
export type DriftEntry = z.output<typeof driftEntrySchema>;
