import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { BENCH_FILE } from '../bench/discover.ts';

/** Kinds `gauntlet init` can set up with a working example. */
export const INIT_KINDS = ['golden', 'bench', 'stress'] as const;
export type InitKind = (typeof INIT_KINDS)[number];

export interface ProjectFacts {
  /** Benchmark files already in the project (vitest's or gauntlet's), relative, '/' separators. */
  benchFiles: string[];
  /** The deepest folder holding all of them ('.' for the root). */
  benchDir?: string;
  /** `openai` is a dependency: an LLM-calling service, so a stress suite fits. */
  openai: boolean;
  /** package.json as parsed, when present. */
  packageJson?: Record<string, unknown>;
}

const SKIP = new Set(['node_modules', 'dist', 'build', 'coverage', 'reports']);

/** Look at an existing project: its benchmark files and dependencies. */
export async function detectProject(root: string): Promise<ProjectFacts> {
  const benchFiles: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      if (e.name.startsWith('.') || SKIP.has(e.name)) continue;
      const p = join(dir, e.name);
      if (e.isDirectory() && depth < 6) await walk(p, depth + 1);
      else if (e.isFile() && BENCH_FILE.test(e.name)) benchFiles.push(relative(root, p).split(sep).join('/'));
    }
  };
  await walk(root, 0);
  benchFiles.sort();
  const pkgText = await readFile(join(root, 'package.json'), 'utf8').catch(() => undefined);
  const packageJson = pkgText ? (JSON.parse(pkgText) as Record<string, unknown>) : undefined;
  const deps = {
    ...(packageJson?.dependencies as object | undefined),
    ...(packageJson?.devDependencies as object | undefined),
  };
  return {
    benchFiles,
    ...(benchFiles.length ? { benchDir: commonDir(benchFiles) } : {}),
    openai: 'openai' in deps,
    ...(packageJson ? { packageJson } : {}),
  };
}

function commonDir(files: string[]): string {
  let parts = dirname(files[0]!).split('/');
  for (const f of files.slice(1)) {
    const other = dirname(f).split('/');
    let i = 0;
    while (i < parts.length && parts[i] === other[i]) i++;
    parts = parts.slice(0, i);
  }
  return parts.join('/') || '.';
}

/** The kinds to set up when the user does not choose: golden always, bench and stress when detected. */
export function detectedKinds(facts: ProjectFacts): InitKind[] {
  return [
    'golden',
    ...(facts.benchFiles.length ? (['bench'] as const) : []),
    ...(facts.openai ? (['stress'] as const) : []),
  ];
}
