import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, GoldenCaseError, InputError } from '../core/errors.ts';
import { formatFieldPath, readDataFile } from '../io/read-data-file.ts';
import type { GoldenCase } from './case-schema.ts';
import type { SelectorSpec } from './entry-schema.ts';

/** The user's selection function: `(candidates, config, seed) => { ids, entropy? }`, sync or async. */
export type SelectFunction = (
  candidates: Array<{ id: string; score: number; category?: string }>,
  config: Record<string, unknown>,
  seed: number,
) => { ids: string[]; entropy?: number } | Promise<{ ids: string[]; entropy?: number }>;

interface SchemaLike {
  safeParse(
    v: unknown,
  ):
    | { success: true; data: unknown }
    | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } };
}

export interface LoadedSelector {
  moduleUrl: string;
  exportName: string;
  schema?: SchemaLike;
}

export function selectorModuleUrl(spec: SelectorSpec, rootDir: string): string {
  return pathToFileURL(isAbsolute(spec.module) ? spec.module : resolve(rootDir, spec.module)).href;
}

/** Import the selector module once in the main thread: a missing module or export is a config error, before any worker starts. */
export async function loadSelector(spec: SelectorSpec, rootDir: string, suite: string): Promise<LoadedSelector> {
  const moduleUrl = selectorModuleUrl(spec, rootDir);
  const exportName = spec.export ?? 'select';
  let mod: Record<string, unknown>;
  try {
    mod = (await import(moduleUrl)) as Record<string, unknown>;
  } catch (e) {
    const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new ConfigError(
      `suite '${suite}': cannot load selector module '${spec.module}': ${msg}`,
      { field: 'selector.module' },
      { cause: e },
    );
  }
  if (typeof mod[exportName] !== 'function') {
    throw new ConfigError(
      `suite '${suite}': selector module '${spec.module}' has no exported function '${exportName}'`,
      { field: 'selector.export' },
    );
  }
  let schema: SchemaLike | undefined;
  if (spec.configSchema) {
    const s = mod[spec.configSchema] as SchemaLike | undefined;
    if (typeof s?.safeParse !== 'function') {
      throw new ConfigError(
        `suite '${suite}': selector module '${spec.module}' has no exported schema '${spec.configSchema}'`,
        { field: 'selector.configSchema' },
      );
    }
    schema = s;
  }
  return { moduleUrl, exportName, schema };
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Objects merge key by key, recursively; scalars and arrays in `over` replace. */
export function deepMerge(
  base: Record<string, unknown>,
  over: Record<string, unknown> | undefined,
): Record<string, unknown> {
  if (!over) return base;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    out[key] = isPlainObject(value) && isPlainObject(out[key]) ? deepMerge(out[key], value) : value;
  }
  return out;
}

/** The suite's base config file (YAML or JSON), validated with the selector's schema when it has one. */
export async function loadBaseConfig(
  file: string | undefined,
  rootDir: string,
  schema: SchemaLike | undefined,
): Promise<Record<string, unknown>> {
  if (!file) return {};
  const parsed = await readDataFile(resolve(rootDir, file));
  if (!isPlainObject(parsed.data)) throw new InputError('expected a mapping of config keys', { file });
  if (schema) {
    const r = schema.safeParse(parsed.data);
    if (!r.success) {
      const issue = r.error.issues[0]!;
      throw new InputError(issue.message, {
        file,
        field: formatFieldPath(issue.path),
        line: parsed.lineOf(issue.path as (string | number)[]),
      });
    }
  }
  return parsed.data;
}

/** A case's effective config: base merged with the case's overrides, validated; errors name the case file and `config.<field>`. */
export function caseConfig(
  c: GoldenCase,
  base: Record<string, unknown>,
  schema: SchemaLike | undefined,
): Record<string, unknown> {
  const merged = deepMerge(base, c.config);
  if (!schema) return merged;
  const r = schema.safeParse(merged);
  if (r.success) return r.data as Record<string, unknown>;
  const issue = r.error.issues[0]!;
  throw new GoldenCaseError(`${issue.message} (after merging the case's overrides into the suite's config)`, {
    file: c.file,
    field: formatFieldPath(['config', ...issue.path]),
  });
}
