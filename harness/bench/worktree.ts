/**
 * A temporary git worktree of another ref, for `gauntlet bench --against <ref>`. It shares the
 * main checkout's node_modules through a symlink (the ref's own dependencies are assumed equal).
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { UsageError } from '../core/errors.ts';

const run = promisify(execFile);

export interface Worktree {
  dir: string;
  /** `repoRoot` as it is inside the worktree (the project may sit in a subdirectory of the repository). */
  root: string;
  commit: string;
  remove(): Promise<void>;
}

/** Check out `ref` of the repository at `repoRoot` into a new temporary directory. */
export async function addWorktree(repoRoot: string, ref: string): Promise<Worktree> {
  let commit: string;
  try {
    commit = (
      await run('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: repoRoot })
    ).stdout.trim();
  } catch (e) {
    throw new UsageError(`--against: '${ref}' is not a commit of the git repository at ${repoRoot}`, { cause: e });
  }
  const top = (await run('git', ['rev-parse', '--show-toplevel'], { cwd: repoRoot })).stdout.trim();
  const parent = await mkdtemp(join(tmpdir(), 'gauntlet-against-'));
  const dir = join(parent, 'base');
  await run('git', ['worktree', 'add', '--detach', dir, commit], { cwd: repoRoot });
  const modules = join(top, 'node_modules');
  if (existsSync(modules) && !existsSync(join(dir, 'node_modules')))
    await symlink(modules, join(dir, 'node_modules'), 'dir');
  return {
    dir,
    root: resolve(dir, relative(top, repoRoot)),
    commit,
    async remove() {
      await run('git', ['worktree', 'remove', '--force', dir], { cwd: repoRoot }).catch(() => undefined);
      await rm(parent, { recursive: true, force: true });
      await run('git', ['worktree', 'prune'], { cwd: repoRoot }).catch(() => undefined);
    },
  };
}

/** Whether `commit` is a commit of the repository at `repoRoot` (false outside a repository or in a shallow clone without it). */
export function commitExists(repoRoot: string, commit: string): boolean {
  try {
    execFileSync('git', ['cat-file', '-e', `${commit}^{commit}`], { cwd: repoRoot, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
