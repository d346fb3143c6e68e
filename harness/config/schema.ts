import { z } from 'zod';

export const DEFAULT_RUN_TIMEOUT_MS = 12 * 60_000;

/** Top-level keys of `gauntlet.config.ts`. Suite entries are validated by their kind's schema. */
export const configSchema = z.strictObject({
  seed: z.number().int().default(1),
  reportsDir: z.string().min(1).default('reports'),
  reporters: z.array(z.string().min(1)).default(['console', 'json', 'junit', 'mochawesome', 'github']),
  runTimeoutMs: z.number().int().positive().default(DEFAULT_RUN_TIMEOUT_MS),
  missingBaseline: z.enum(['warn', 'error']).default('warn'),
  failOn: z.enum(['fail', 'warn']).default('fail'),
  allowOutsidePaths: z.boolean().optional(),
  suites: z.array(z.looseObject({ kind: z.string().min(1), name: z.string().min(1) })),
});

/** A function value in a config entry (planner, client factory...). */
export const fn = <T extends (...args: any[]) => unknown>(what = 'a function') =>
  z.custom<T>((v) => typeof v === 'function', { message: `expected ${what}` });
