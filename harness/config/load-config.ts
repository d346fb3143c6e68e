import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type z, ZodArray, ZodDefault, ZodObject, ZodOptional, ZodPrefault } from 'zod';
import { ConfigError, errorHeadline } from '../core/errors.ts';
import { builtInKindNames, loadBuiltInKinds } from '../core/built-in-kinds.ts';
import type { AnySuiteKind } from '../core/suite-kind.ts';
import { closestName } from '../core/closest-name.ts';
import { formatFieldPath } from '../io/read-data-file.ts';
import { configSchema } from './schema.ts';

export const CONFIG_FILE_NAMES = [
  'gauntlet.config.ts',
  'gauntlet.config.mts',
  'gauntlet.config.js',
  'gauntlet.config.mjs',
];

/** One validated `suites` entry with the definition of its kind: what the engine runs. */
export interface ResolvedSuite {
  kind: string;
  name: string;
  /** The entry as its kind's entry schema output it (defaults applied). */
  entry: { kind: string; name: string };
  definition: AnySuiteKind;
}

export type ResolvedConfig = Omit<z.output<typeof configSchema>, 'suites' | 'kinds'> & {
  file: string;
  rootDir: string;
  suites: ResolvedSuite[];
};

export function findConfigFile(cwd: string, explicit?: string): string {
  if (explicit) {
    const file = resolve(cwd, explicit);
    if (!existsSync(file)) throw new ConfigError('config file not found', { file: explicit });
    return file;
  }
  for (const name of CONFIG_FILE_NAMES) {
    const file = resolve(cwd, name);
    if (existsSync(file)) return file;
  }
  throw new ConfigError(
    `no gauntlet config found in ${cwd} (looked for ${CONFIG_FILE_NAMES.join(', ')}); pass --config FILE`,
  );
}

/** Import the config module (TypeScript through tsx, which the CLI registers) and validate it. */
export async function loadConfig(file: string): Promise<ResolvedConfig> {
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (e) {
    throw new ConfigError(`cannot load config: ${errorHeadline(e)}`, { file }, { cause: e });
  }
  return validateConfig(mod.default, file);
}

/**
 * The first issue of a failed parse, as the one-line error a user reads. An unknown key comes first: a
 * misspelt required key (`suits:`) also makes the real one missing, and the typo is what the user must see.
 */
function firstIssue(
  error: z.ZodError,
  file: string,
  schema: z.ZodType,
  prefix: Array<string | number> = [],
): ConfigError {
  const issue = error.issues.find((i) => i.code === 'unrecognized_keys') ?? error.issues[0]!;
  const message =
    issue.code === 'unrecognized_keys' ? unknownKeys(issue.keys, keysAt(schema, issue.path)) : issue.message;
  return new ConfigError(message, { file, field: formatFieldPath([...prefix, ...issue.path]) });
}

/** `unknown key 'suits' (did you mean 'suites'?)`, the hint where a known key is near. */
function unknownKeys(keys: readonly string[], known: readonly string[]): string {
  const named = keys.map((k) => {
    const near = closestName(k, known);
    return near ? `'${k}' (did you mean '${near}'?)` : `'${k}'`;
  });
  return `unknown key ${named.join(', ')}`;
}

/** The keys the object schema at `path` of `schema` declares (none where it is not a plain object). */
function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let at: unknown = schema;
  let i = 0;
  for (;;) {
    if (at instanceof ZodOptional || at instanceof ZodDefault || at instanceof ZodPrefault) at = at.unwrap();
    else if (i === path.length) return at instanceof ZodObject ? Object.keys(at.shape) : [];
    else if (at instanceof ZodObject) at = (at.shape as Record<PropertyKey, unknown>)[path[i++]!];
    else if (at instanceof ZodArray) {
      at = at.element;
      i++;
    } else return [];
  }
}

export async function validateConfig(raw: unknown, file: string): Promise<ResolvedConfig> {
  if (raw === undefined)
    throw new ConfigError('config module has no default export (use `export default defineConfig({...})`)', { file });
  const top = configSchema.safeParse(raw);
  if (!top.success) throw firstIssue(top.error, file, configSchema);
  const { kinds: custom, suites: entries, ...settings } = top.data;
  const kinds = new Map<string, AnySuiteKind>();
  const builtIn = new Set<string>(builtInKindNames);
  for (const [i, k] of custom.entries()) {
    if (kinds.has(k.kind) || builtIn.has(k.kind))
      throw new ConfigError(`suite kind '${k.kind}' is defined twice`, { file, field: `kinds[${i}].kind` });
    kinds.set(k.kind, k);
  }
  // Only the built-in kinds this config's suites name are imported.
  for (const k of await loadBuiltInKinds(entries.map((e) => e.kind))) kinds.set(k.kind, k);
  const names = new Set<string>();
  const suites = entries.map((raw, i): ResolvedSuite => {
    const definition = kinds.get(raw.kind);
    if (!definition) {
      const known = [...new Set([...builtIn, ...kinds.keys()])].sort().join(', ');
      throw new ConfigError(`unknown suite kind '${raw.kind}' (known: ${known})`, {
        file,
        field: `suites[${i}].kind`,
      });
    }
    if (names.has(raw.name))
      throw new ConfigError(`duplicate suite name '${raw.name}'`, { file, field: `suites[${i}].name` });
    names.add(raw.name);
    const parsed = definition.entrySchema.safeParse(raw);
    if (!parsed.success) throw firstIssue(parsed.error, file, definition.entrySchema, ['suites', i]);
    return { kind: raw.kind, name: raw.name, entry: parsed.data, definition };
  });
  return { ...settings, suites, file, rootDir: dirname(file) };
}
