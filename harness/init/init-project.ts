import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { writeFileAtomic } from '../io/atomic-write.ts';
import type { InitKind, ProjectFacts } from './detect.ts';
import * as t from './templates.ts';

export interface InitResult {
  /** Files written, relative to the project. */
  written: string[];
  /** Files that existed and were kept as they are. */
  kept: string[];
  /** package.json scripts added, and those kept because a script of that name exists. */
  scriptsAdded: string[];
  scriptsKept: string[];
  /** Lines appended to .gitignore (created when absent); those it had are not repeated. */
  gitignoreAdded: string[];
}

/** The files for these kinds, by path relative to the project. */
export function plannedFiles(kinds: readonly InitKind[], facts: ProjectFacts): Map<string, string> {
  // The project's own benchmark files are the bench example when it has some.
  const benchDir = kinds.includes('bench') && facts.benchFiles.length ? facts.benchDir : undefined;
  const files = new Map<string, string>([['gauntlet.config.ts', t.configFile({ kinds, benchDir })]]);
  if (kinds.includes('golden')) files.set(t.EXAMPLE_SELECTOR, t.SELECTOR_FILE).set(t.EXAMPLE_CASE, t.CASE_FILE);
  if (kinds.includes('bench') && !benchDir) files.set(t.EXAMPLE_BENCH, t.BENCH_FILE);
  files.set(t.RUN_WORKFLOW, t.RUN_WORKFLOW_FILE).set(t.COMMENT_WORKFLOW, t.COMMENT_WORKFLOW_FILE);
  return files;
}

/** Write the config, examples, workflows and scripts into `root`. A file that exists is kept, never overwritten. */
export async function initProject(root: string, kinds: readonly InitKind[], facts: ProjectFacts): Promise<InitResult> {
  const result: InitResult = { written: [], kept: [], scriptsAdded: [], scriptsKept: [], gitignoreAdded: [] };
  for (const [rel, text] of plannedFiles(kinds, facts)) {
    const file = join(root, rel);
    if (existsSync(file)) {
      result.kept.push(rel);
      continue;
    }
    await mkdir(dirname(file), { recursive: true });
    await writeFileAtomic(file, text);
    result.written.push(rel);
  }
  const pkgFile = join(root, 'package.json');
  const pkg = existsSync(pkgFile)
    ? (JSON.parse(await readFile(pkgFile, 'utf8')) as Record<string, unknown>)
    : { name: basename(root), private: true, type: 'module' };
  const scripts = { ...(pkg.scripts as Record<string, string> | undefined) };
  for (const [name, command] of Object.entries(t.SCRIPTS)) {
    if (name in scripts) result.scriptsKept.push(name);
    else {
      scripts[name] = command;
      result.scriptsAdded.push(name);
    }
  }
  if (result.scriptsAdded.length || !existsSync(pkgFile))
    await writeFileAtomic(pkgFile, JSON.stringify({ ...pkg, scripts }, null, 2) + '\n');
  result.gitignoreAdded = await extendGitignore(join(root, '.gitignore'));
  return result;
}

/** Append what a run writes locally to .gitignore, keeping every line it has (an append, never a rewrite of a line). */
async function extendGitignore(file: string): Promise<string[]> {
  const text = existsSync(file) ? await readFile(file, 'utf8') : '';
  const have = new Set(text.split(/\r?\n/).map((l) => l.trim().replace(/^\//, '')));
  const missing = t.GITIGNORE_LINES.filter((l) => !have.has(l) && !have.has(l.replace(/\/$/, '')));
  if (missing.length) {
    const sep = text === '' || text.endsWith('\n') ? '' : '\n';
    await writeFileAtomic(file, `${text}${sep}# gauntlet run output (reports, run history)\n${missing.join('\n')}\n`);
  }
  return missing;
}

/** What init did, for the terminal. */
export function renderInitResult(r: InitResult, kinds: readonly InitKind[]): string {
  const lines = [`gauntlet init: ${kinds.join(', ')}`];
  for (const f of r.written) lines.push(`  wrote ${f}`);
  for (const f of r.kept) lines.push(`  kept  ${f} (exists; not overwritten)`);
  if (r.scriptsAdded.length) lines.push(`  package.json scripts added: ${r.scriptsAdded.join(', ')}`);
  if (r.scriptsKept.length) lines.push(`  package.json scripts kept: ${r.scriptsKept.join(', ')} (exist)`);
  if (r.gitignoreAdded.length) lines.push(`  .gitignore: added ${r.gitignoreAdded.join(', ')}`);
  lines.push('', 'Next: npx gauntlet run   (then commit; the gauntlet workflow gates every pull request)');
  return lines.join('\n') + '\n';
}
