/**
 * `gauntlet baseline update [suite...] [--yes] [--force] [--allow-ci] [--summary FILE]`
 *
 * Re-measures the chosen suites (default: the bench and stress kinds) through the gauntlet CLI with
 * `--save` in a temporary copy of the project, shows per benchmark or metric what would change
 * (old → new, with the change in %), and only then, after confirmation or `--yes`, writes the new
 * baselines into `baselines/` atomically, with provenance (commit, date, machine, Node). Refuses on a
 * dirty git tree unless `--force`; in CI only with `--allow-ci` (the baseline-update workflow).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../core/errors.ts';
import { writeFileAtomic } from '../io/atomic-write.ts';
import { escapeMarkdown } from '../report/escape.ts';
import type { CliIo } from '../cli/io.ts';
import { currentProvenance } from './baseline-file.ts';
import { diffBaseline, renderChangesText, type FileChange } from './baseline-diff.ts';

const CLI = resolve(dirname(fileURLToPath(import.meta.url)), '../../bin/gauntlet.js');

export interface BaselineUpdateOptions {
  /** Suite names or kinds; default bench and stress. */
  suites: string[];
  yes?: boolean;
  force?: boolean;
  allowCi?: boolean;
  /** Also write the changes as Markdown here (the pull request's body). */
  summary?: string;
  baselinesDir?: string;
}

const git = (root: string, args: string[]) => execFileSync('git', args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] }).toString();

/** Installed packages are never the project's source, whether or not .gitignore says so (git pathspecs). */
const NOT_NODE_MODULES = ['--', '.', ':(exclude,glob)**/node_modules', ':(exclude,glob)**/node_modules/**'];

/** The project as the working tree has it (tracked and untracked, not ignored), node_modules linked. */
async function copyProject(root: string): Promise<string> {
  const dest = await mkdtemp(join(tmpdir(), 'gauntlet-baseline-update-'));
  const files = git(root, ['ls-files', '-z', '--cached', '--others', '--exclude-standard', ...NOT_NODE_MODULES])
    .split('\0')
    .filter(Boolean);
  for (const f of files) {
    if (!existsSync(join(root, f))) continue; // deleted in the working tree
    await mkdir(dirname(join(dest, f)), { recursive: true });
    await cp(join(root, f), join(dest, f));
  }
  if (existsSync(join(root, 'node_modules'))) await symlink(join(root, 'node_modules'), join(dest, 'node_modules'), 'dir');
  return dest;
}

async function listJson(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile() && e.name.endsWith('.json')) out.push(relative(dir, join(e.parentPath, e.name)));
  }
  return out.sort();
}

/** Run the CLI in the copy, outside CI mode (the copy is the only place it writes), output streamed. */
function runCli(cwd: string, suites: string[], io: CliIo): Promise<number> {
  const env = { ...io.env };
  delete env.CI;
  delete env.GITHUB_ACTIONS;
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI, 'run', ...suites, '--save', '--reports', '.gauntlet-tmp/reports', '--reporter', 'console,json'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(io.out, { end: false });
    child.stderr.pipe(io.err, { end: false });
    child.on('error', reject);
    child.on('close', (code) => resolvePromise(code ?? 1));
  });
}

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

function summaryMarkdown(changes: FileChange[], suites: string[], provenance: ReturnType<typeof currentProvenance>): string {
  const lines = [`## Baseline update`, '', `Re-measured: ${suites.map(escapeMarkdown).join(', ')}`, ''];
  lines.push(`Measured at commit ${escapeMarkdown(provenance.gitCommit ?? 'unknown')} on ${escapeMarkdown(provenance.cpu)}, Node ${escapeMarkdown(provenance.node)}, ${escapeMarkdown(provenance.platform)}, ${escapeMarkdown(provenance.date)}.`, '');
  for (const c of changes.filter((x) => x.status !== 'unchanged')) {
    lines.push(`### ${escapeMarkdown(c.file)} (${c.status})`, '', '| benchmark or metric | old | new | change |', '| --- | --- | --- | --- |');
    for (const f of c.fields.slice(0, 200)) {
      lines.push(`| ${escapeMarkdown(f.path)} | ${f.old ?? '—'} | ${f.new ?? '—'} | ${f.pct === undefined ? '' : `${f.pct >= 0 ? '+' : ''}${f.pct.toFixed(1)}%`} |`);
    }
    if (c.fields.length > 200) lines.push('', `…and ${c.fields.length - 200} more`);
    lines.push('');
  }
  return lines.join('\n');
}

/** Re-measure, preview, and (confirmed) write the baselines. Returns the exit code. */
export async function updateBaselines(io: CliIo, options: BaselineUpdateOptions): Promise<number> {
  const opts = { baselinesDir: 'baselines', ...options, suites: options.suites.length ? options.suites : ['bench', 'stress'] };
  const root = io.cwd;
  const out = (s: string) => void io.out.write(s);
  if (io.env.CI === 'true' && !opts.allowCi) {
    throw new UsageError('refusing to update baselines in CI (CI=true); the baseline-update workflow passes --allow-ci');
  }
  for (const s of opts.suites) if (!/^[\w.:@/-]+$/.test(s)) throw new UsageError(`not a suite name: '${s}'`);
  const dirty = git(root, ['status', '--porcelain', '--untracked-files=normal', ...NOT_NODE_MODULES]).trim();
  if (dirty && !opts.force) {
    throw new UsageError(`the git working tree is not clean; commit or stash first (or --force to measure uncommitted code):\n${dirty}`);
  }
  const provenance = { ...currentProvenance(root), ...(dirty ? { gitCommit: `${git(root, ['rev-parse', 'HEAD']).trim()}-dirty` } : {}) };
  const copy = await copyProject(root);
  try {
    out(`Re-measuring ${opts.suites.join(', ')} in ${copy}\n`);
    const code = await runCli(copy, opts.suites, io);
    if (code === 2) throw new UsageError('the gauntlet run failed on its input (exit code 2); nothing written');
    const realDir = join(root, opts.baselinesDir);
    const copyDir = join(copy, opts.baselinesDir);
    const changes: FileChange[] = [];
    const contents = new Map<string, string>();
    for (const file of await listJson(copyDir)) {
      const fresh = await readFile(join(copyDir, file), 'utf8');
      const old = existsSync(join(realDir, file)) ? await readFile(join(realDir, file), 'utf8') : undefined;
      if (old === fresh) continue;
      const parsed = JSON.parse(fresh) as unknown;
      // The copy is not a git repository: record the commit (and time, machine, Node) measured here.
      if (parsed && typeof parsed === 'object' && 'provenance' in parsed && parsed.provenance && typeof parsed.provenance === 'object') {
        Object.assign(parsed.provenance, { gitCommit: provenance.gitCommit });
      }
      const change = diffBaseline(join(opts.baselinesDir, file), old === undefined ? undefined : JSON.parse(old), parsed);
      changes.push(change);
      contents.set(file, JSON.stringify(parsed, null, 2) + '\n');
    }
    out('\n' + renderChangesText(changes));
    if (code !== 0) out(`note: the run's verdict was not pass (exit code ${code}); suites that did not pass kept their stored baselines\n`);
    if (opts.summary) await writeFileAtomic(resolve(root, opts.summary), summaryMarkdown(changes, opts.suites, provenance));
    if (!contents.size) return 0;
    const ok = opts.yes || (await confirm(`Write ${contents.size} baseline file(s) to ${opts.baselinesDir}/? [y/N] `));
    if (!ok) {
      out(process.stdin.isTTY ? 'Nothing written.\n' : 'Nothing written: not a terminal; re-run with --yes to write.\n');
      return 1;
    }
    for (const [file, text] of contents) await writeFileAtomic(join(realDir, file), text);
    out(`Wrote ${contents.size} baseline file(s) (commit ${provenance.gitCommit ?? 'unknown'}, ${provenance.date}, ${provenance.cpu}, Node ${provenance.node}).\n`);
    return 0;
  } finally {
    await rm(copy, { recursive: true, force: true });
  }
}
