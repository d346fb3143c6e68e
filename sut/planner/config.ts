import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { PlannerConfig } from './types.ts';

/** The bundled business-logic config: sut/config/planner.yaml. */
export const defaultPlannerConfigFile = fileURLToPath(new URL('../config/planner.yaml', import.meta.url));

const weight = z.number().refine(Number.isFinite, 'expected a finite number');

/** Validates a planner config (the YAML file, or a base config merged with a case's overrides). */
export const plannerConfigSchema = z.strictObject({
  temperature: z
    .number()
    .min(0, 'temperature must be >= 0 (0 means greedy)')
    .refine(Number.isFinite, 'expected a finite number'),
  k: z.number().int().min(0),
  categoryCaps: z.record(z.string(), z.number().int().min(0)).optional(),
  boosts: z
    .strictObject({
      categories: z.record(z.string(), weight).optional(),
      ids: z.record(z.string(), weight).optional(),
    })
    .optional(),
  explorationShare: z.number().min(0).max(1).optional(),
}) satisfies z.ZodType<PlannerConfig>;

/** Read and validate a planner config file (YAML or JSON); a bad field is an InputError naming file, field and line. */
export async function loadPlannerConfig(file: string = defaultPlannerConfigFile): Promise<PlannerConfig> {
  // Imported here so that loading `select` (in every golden case worker) does not pay for the YAML parser.
  const { readValidatedFile } = await import('../../harness/io/read-data-file.ts');
  return readValidatedFile(file, plannerConfigSchema);
}

/** A config with per-case overrides applied: scalars replace, caps and boosts merge key by key. */
export function withOverrides(base: PlannerConfig, overrides: Partial<PlannerConfig> = {}): PlannerConfig {
  return {
    ...base,
    ...overrides,
    categoryCaps:
      base.categoryCaps || overrides.categoryCaps ? { ...base.categoryCaps, ...overrides.categoryCaps } : undefined,
    boosts:
      base.boosts || overrides.boosts
        ? {
            categories: { ...base.boosts?.categories, ...overrides.boosts?.categories },
            ids: { ...base.boosts?.ids, ...overrides.boosts?.ids },
          }
        : undefined,
  };
}
