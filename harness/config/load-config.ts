import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../core/errors.ts';
import { suiteKinds, loadBuiltInKinds } from '../core/kinds.ts';
import type { SuiteEntryBase } from '../core/suite-kind.ts';
import { formatFieldPath } from '../io/read-data-file.ts';
import { configSchema } from './schema.ts';
import type { z } from 'zod';

export const CONFIG_FILE_NAMES = ['gauntlet.config.ts', 'gauntlet.config.mts', 'gauntlet.config.js', 'gauntlet.config.mjs'];

export type ResolvedConfig = z.infer<typeof configSchema> & {
  file: string;
  rootDir: string;
  suites: SuiteEntryBase[];
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
  throw new ConfigError(`no gauntlet config found in ${cwd} (looked for ${CONFIG_FILE_NAMES.join(', ')}); pass --config FILE`);
}

/** Import the config module (TypeScript through tsx, which the CLI registers) and validate it. */
export async function loadConfig(file: string): Promise<ResolvedConfig> {
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (e) {
    const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new ConfigError(`cannot load config: ${msg}`, { file }, { cause: e });
  }
  return validateConfig(mod.default, file);
}

export async function validateConfig(raw: unknown, file: string): Promise<ResolvedConfig> {
  if (raw === undefined) throw new ConfigError('config module has no default export (use `export default defineConfig({...})`)', { file });
  const top = configSchema.safeParse(raw);
  if (!top.success) {
    const issue = top.error.issues[0]!;
    const message = issue.code === 'unrecognized_keys' ? `unknown key ${issue.keys.map((k) => `'${k}'`).join(', ')}` : issue.message;
    throw new ConfigError(message, { file, field: formatFieldPath(issue.path) });
  }
  await loadBuiltInKinds();
  const names = new Set<string>();
  const suites = top.data.suites.map((entry, i) => {
    const kind = suiteKinds[entry.kind];
    if (!kind) {
      throw new ConfigError(`unknown suite kind '${entry.kind}' (known: ${Object.keys(suiteKinds).sort().join(', ')})`, { file, field: `suites[${i}].kind` });
    }
    if (names.has(entry.name)) throw new ConfigError(`duplicate suite name '${entry.name}'`, { file, field: `suites[${i}].name` });
    names.add(entry.name);
    const parsed = kind.schema.safeParse(entry);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const message = issue.code === 'unrecognized_keys' ? `unknown key ${issue.keys.map((k) => `'${k}'`).join(', ')}` : issue.message;
      throw new ConfigError(message, { file, field: formatFieldPath([`suites`, i, ...issue.path]) });
    }
    return parsed.data;
  });
  return { ...top.data, suites, file, rootDir: dirname(file) };
}
