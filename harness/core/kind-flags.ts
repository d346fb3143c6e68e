import { z } from 'zod';
import { UsageError } from './errors.ts';

/** Flags `gauntlet run` sets through its own options; `--flag` may not set them. */
const OWN_OPTIONS = new Set(['save', 'against']);

/**
 * `--flag name=value` (repeatable) as flags for the suites' kinds. A value that reads as JSON
 * (`3`, `true`, `null`, `"x"`, `[1,2]`) is that value, any other text a string; each kind's
 * `flagsSchema` validates what it reads.
 */
export function parseKindFlags(values: readonly string[]): Record<string, unknown> {
  const flags: Record<string, unknown> = {};
  for (const raw of values) {
    const eq = raw.indexOf('=');
    const name = eq < 0 ? raw : raw.slice(0, eq);
    if (eq < 0 || !/^[A-Za-z][\w-]*$/.test(name))
      throw new UsageError(`--flag ${raw}: expected name=value, e.g. --flag verbose=true`);
    if (OWN_OPTIONS.has(name)) throw new UsageError(`--flag ${name}: use --${name} instead`);
    if (name in flags) throw new UsageError(`--flag ${name}: given twice`);
    flags[name] = readValue(raw.slice(eq + 1));
  }
  return flags;
}

function readValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * The `--flag` names that none of the suites' kinds declares in its `flagsSchema` (a kind whose
 * flags schema is not an object may read any name). A flag nothing reads is a mistake, never ignored.
 */
export function undeclaredFlags(
  names: readonly string[],
  suites: ReadonlyArray<{ definition: { flagsSchema: z.ZodType } }>,
): string[] {
  const declared = (name: string) =>
    suites.some(({ definition: { flagsSchema } }) =>
      flagsSchema instanceof z.ZodObject ? name in flagsSchema.shape : true,
    );
  return names.filter((name) => !declared(name));
}
