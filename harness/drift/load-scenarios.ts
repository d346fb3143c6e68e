import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { InputError } from '../core/errors.ts';
import { readValidatedFile } from '../io/read-data-file.ts';
import { resolveInside } from '../io/safe-path.ts';
import { scenarioSchema, type Scenario } from './scenario-schema.ts';

export interface LoadedScenario {
  file: string;
  scenario: Scenario;
}

const EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/** Scenario files from paths (files, or folders whose .yaml/.yml/.json files are read in name order), validated; a bad one is an InputError naming file, field and line. */
export async function loadScenarios(
  paths: readonly string[],
  rootDir: string,
  opts: { allowOutside?: boolean } = {},
): Promise<LoadedScenario[]> {
  const files: string[] = [];
  for (const [i, p] of paths.entries()) {
    // Outside the project only when the config sets allowOutsidePaths (SECURITY.md).
    const abs = resolveInside(rootDir, p, {
      allowOutside: opts.allowOutside,
      location: { file: p, field: `scenarios[${i}]` },
    });
    let isDir: boolean;
    try {
      isDir = (await stat(abs)).isDirectory();
    } catch {
      throw new InputError('scenario file or folder not found', { file: p });
    }
    if (isDir) {
      const names = (await readdir(abs)).filter((n) => EXTENSIONS.has(extname(n).toLowerCase())).sort();
      if (names.length === 0)
        throw new InputError('no scenario files (.yaml, .yml, .json) in this folder', { file: p });
      files.push(
        ...names.map((n) =>
          resolveInside(rootDir, join(abs, n), { allowOutside: opts.allowOutside, location: { file: join(p, n) } }),
        ),
      );
    } else {
      files.push(abs);
    }
  }
  const out: LoadedScenario[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const scenario = await readValidatedFile(file, scenarioSchema);
    const other = seen.get(scenario.name);
    if (other)
      throw new InputError(`duplicate scenario name '${scenario.name}' (also in ${other})`, { file, field: 'name' });
    seen.set(scenario.name, file);
    out.push({ file, scenario });
  }
  return out;
}
