import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

export const BENCH_FILE = /\.bench\.(ts|mts|js|mjs)$/;

/** Bench files under `dir` (recursively, sorted; only `only`, paths relative to `dir`, when given), as paths relative to `root` with '/' separators. */
export async function discoverBenchFiles(root: string, dir: string, only?: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  async function walk(d: string): Promise<void> {
    let entries;
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    for (const e of entries) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (BENCH_FILE.test(e.name)) out.push(relative(root, p).split(sep).join('/'));
    }
  }
  await walk(join(root, dir));
  const prefix = dir.replace(/\/+$/, '') + '/';
  const wanted = only?.map((f) => prefix + f.replace(/^\.\//, ''));
  return out.filter((f) => !wanted || wanted.includes(f)).sort();
}

/** A benchmark's id: its file relative to the bench directory without `.bench.ts`, then its name. */
export function benchId(relFile: string, benchDir: string, name: string): string {
  const prefix = benchDir.replace(/\/+$/, '') + '/';
  const stem = (relFile.startsWith(prefix) ? relFile.slice(prefix.length) : relFile).replace(BENCH_FILE, '');
  return `${stem} > ${name}`;
}
