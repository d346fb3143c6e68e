/**
 * Bench files and the worker bundled to plain JavaScript ahead of time (esbuild), so a benchmark
 * process loads no TypeScript loader: it starts faster, and under valgrind it counts the same
 * instructions every run (a loader's service process and its IPC timing vary from run to run).
 *
 * A bench file's own code (TypeScript, the project's modules, `gauntlet` itself) goes into the
 * bundle; installed packages stay imports, resolved from the project's node_modules at run time
 * (native addons such as better-sqlite3 cannot be bundled). `import.meta.url`, `.dirname` and
 * `.filename` keep meaning the source file they were written in.
 */
import { build, type Plugin } from 'esbuild';
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { mkdirSync, realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const WORKER_SOURCE = fileURLToPath(new URL('./worker.ts', import.meta.url));
/** What `import ... from 'vitest'` means in a bench file: gauntlet's bench shim (files written for `vitest bench` run unchanged). */
const VITEST_SHIM = fileURLToPath(new URL('../vitest/bench-shim.ts', import.meta.url));
const HARNESS_DIR = fileURLToPath(new URL('..', import.meta.url));
/** 'gauntlet' where the project cannot resolve it (a bench file outside a project that installs gauntlet): this copy. */
const HARNESS_INDEX = fileURLToPath(new URL('../index.ts', import.meta.url));

/** A bench file that does not bundle (syntax error, unresolvable import): the message names the file and line. */
export class BundleError extends Error {
  override name = 'BundleError';
}

interface Built {
  out: string;
  /** Input files and their modification times when built. */
  inputs: Map<string, number>;
}

const built = new Map<string, Promise<Built>>();

const LOADERS: Record<string, 'ts' | 'tsx' | 'js' | 'jsx'> = {
  '.ts': 'ts',
  '.mts': 'ts',
  '.cts': 'ts',
  '.tsx': 'tsx',
  '.js': 'js',
  '.mjs': 'js',
  '.cjs': 'js',
  '.jsx': 'jsx',
};

/** Whether position `at` is inside a quoted string on its line (a heuristic: an odd number of quotes of one kind before it). */
function insideQuotes(source: string, at: number): boolean {
  const line = source.slice(source.lastIndexOf('\n', at) + 1, at);
  return ["'", '"', '`'].some((q) => line.split(q).length % 2 === 0);
}

/** Replace import.meta.url/dirname/filename by the source file's own values (the bundle lives elsewhere). */
const importMetaOfSource: Plugin = {
  name: 'gauntlet-import-meta',
  setup(b) {
    b.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, async (args) => {
      if (args.path.includes(`${'/'}node_modules/`)) return undefined;
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('import.meta')) return undefined;
      const values: Record<string, string> = {
        url: pathToFileURL(args.path).href,
        dirname: dirname(args.path),
        filename: args.path,
      };
      const contents = source.replace(/\bimport\.meta\.(url|dirname|filename)\b/g, (match, key: string, at: number) =>
        insideQuotes(source, at) ? match : JSON.stringify(values[key]),
      );
      return { contents, loader: LOADERS[extname(args.path)] ?? 'js', resolveDir: dirname(args.path) };
    });
  },
};

/**
 * Installed packages stay imports, except `gauntlet` (it is TypeScript; the bench API's registry
 * lives on globalThis, so a bundled copy is fine) and `vitest` (gauntlet's bench shim).
 */
const packagesExternal: Plugin = {
  name: 'gauntlet-packages-external',
  setup(b) {
    b.onResolve({ filter: /^vitest$/ }, () => ({ path: VITEST_SHIM }));
    b.onResolve({ filter: /^gauntlet$/ }, async (args) => {
      if (args.pluginData === 'inner') return undefined;
      const own = await b.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: 'inner',
      });
      return own.errors.length > 0 ? { path: HARNESS_INDEX, sideEffects: false } : undefined;
    });
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path === 'gauntlet' || args.path.startsWith('gauntlet/')) return undefined;
      if (/^[A-Za-z]:[\\/]/.test(args.path)) return undefined;
      return { path: args.path, external: true };
    });
  },
};

/**
 * The harness folders whose modules are declared free of import side effects: this copy's, and
 * the one the bench file's own `import ... from 'gauntlet'` resolves to. They differ when the bench
 * file is another checkout of gauntlet itself (the base side of `--against`, a temporary worktree):
 * with this copy's folder alone, that side's bundle loaded every suite kind and counted 2.4-4% more
 * instructions per operation than the same code in the checkout
 * (docs/calibration/bench-instructions.md, session 9).
 */
export function harnessDirsFor(benchFile: string): string[] {
  const dirs = [HARNESS_DIR];
  try {
    const own = dirname(createRequire(benchFile).resolve('gauntlet')) + sep;
    if (!dirs.includes(own)) dirs.push(own);
  } catch {
    // The file's project does not resolve 'gauntlet': the bundle uses this copy (packagesExternal).
  }
  return dirs;
}

/**
 * gauntlet's own modules are declared free of import side effects, so a bench file importing
 * `bench` from 'gauntlet' does not load every suite kind (zod schemas, yaml, HTTP servers): under
 * valgrind each module loaded costs seconds, and each changes what the benchmark counts.
 */
const harnessWithoutSideEffects = (harnessDirs: readonly string[]): Plugin => ({
  name: 'gauntlet-harness-side-effect-free',
  setup(b) {
    const inHarness = (path: string) => harnessDirs.some((dir) => path.startsWith(dir));
    b.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData === 'inner' || args.kind === 'entry-point') return undefined;
      // A relative import naming an existing file (the harness always writes the extension) resolves
      // here: asking esbuild through b.resolve for each of a bench file's ~1,000 imports cost 3-4 s.
      const direct = existingFile(args.path, args.resolveDir);
      if (direct !== undefined) return inHarness(direct) ? { path: direct, sideEffects: false } : undefined;
      const inner = await b.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: 'inner',
      });
      if (inner.errors.length > 0 || inner.external || !inHarness(inner.path)) return undefined;
      return { path: inner.path, sideEffects: false };
    });
  },
});

/** The real path of a relative import that names an existing file, else undefined (esbuild resolves it then). */
function existingFile(path: string, resolveDir: string): string | undefined {
  if (!path.startsWith('./') && !path.startsWith('../')) return undefined;
  try {
    const real = realpathSync(resolve(resolveDir, path));
    return statSync(real).isFile() && !real.includes('/node_modules/') ? real : undefined;
  } catch {
    return undefined;
  }
}

async function fresh(b: Built): Promise<boolean> {
  // The cache folder lives in node_modules: an `npm ci` empties it.
  if (!(await stat(b.out).catch(() => undefined))) return false;
  for (const [file, mtime] of b.inputs) {
    const s = await stat(file).catch(() => undefined);
    if (!s || s.mtimeMs !== mtime) return false;
  }
  return true;
}

/**
 * `workDir` is the folder module names in the bundle are relative to: the project root for a bench
 * file, so that two checkouts of one commit give bundles that differ only in import.meta's paths.
 */
async function bundle(entry: string, outDir: string, selfContained: boolean, workDir: string): Promise<Built> {
  const sideEffectFree = harnessWithoutSideEffects(harnessDirsFor(entry));
  const key = createHash('sha256').update(entry).digest('hex').slice(0, 16);
  const out = join(outDir, `${key}.mjs`);
  mkdirSync(outDir, { recursive: true });
  let result;
  try {
    result = await build({
      entryPoints: [entry],
      outfile: out,
      absWorkingDir: workDir,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: `node${process.versions.node.split('.')[0]}`,
      plugins: selfContained
        ? [importMetaOfSource, sideEffectFree]
        : [importMetaOfSource, packagesExternal, sideEffectFree],
      // Bundled CommonJS code (a package the worker needs) may call require() for built-ins.
      banner: {
        js: "import { createRequire as __gauntletRequire } from 'node:module'; const require = __gauntletRequire(import.meta.url);",
      },
      metafile: true,
      logLevel: 'silent',
      sourcemap: false,
    });
  } catch (e) {
    const errors = (
      e as { errors?: Array<{ text: string; location?: { file: string; line: number; column: number } | null }> }
    ).errors;
    const first = errors?.[0];
    const where = first?.location ? `${first.location.file}:${first.location.line}:${first.location.column}: ` : '';
    throw new BundleError(first ? `${where}${first.text}` : String(e), { cause: e });
  }
  const inputs = new Map<string, number>();
  for (const rel of Object.keys(result.metafile.inputs)) {
    const file = resolve(workDir, rel);
    const s = await stat(file).catch(() => undefined);
    if (s) inputs.set(file, s.mtimeMs);
  }
  return { out, inputs };
}

async function cached(entry: string, outDir: string, selfContained: boolean, workDir: string): Promise<string> {
  const key = `${entry}\0${outDir}`;
  const prior = built.get(key);
  if (prior) {
    const b = await prior.catch(() => undefined);
    if (b && (await fresh(b))) return b.out;
  }
  const next = bundle(entry, outDir, selfContained, workDir);
  built.set(key, next);
  next.catch(() => built.delete(key));
  return (await next).out;
}

/** The bench file as one plain-JS module under `<root>/node_modules/.cache/gauntlet-bench/` (rebuilt when a source changed). */
export function bundleBenchFile(file: string, root: string): Promise<string> {
  return cached(resolve(file), join(root, 'node_modules', '.cache', 'gauntlet-bench'), false, resolve(root));
}

/** The benchmark worker as one self-contained plain-JS module. */
export function bundleWorker(): Promise<string> {
  return cached(
    WORKER_SOURCE,
    join(tmpdir(), `gauntlet-bench-worker-${process.getuid?.() ?? 'user'}`),
    true,
    process.cwd(),
  );
}
