/**
 * The client of another commit, for the latency gate to measure in the same rounds as the head: the
 * baseline's commit when its stored ratios are not comparable with this run's (comparability.ts), or
 * the commit `--against <ref>` names. The commit is checked out into a temporary git worktree (as
 * `gauntlet bench --against` does) and its own config is imported from there, so its client factory
 * and options are that commit's code.
 */
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { addWorktree, type Worktree } from '../bench/worktree.ts';
import { CONFIG_FILE_NAMES } from '../config/load-config.ts';
import type { StressClientFactory } from './client-contract.ts';
import { StressSetupError } from './run-scenario.ts';

export interface ReferenceCommit {
  /** Full hash. */
  commit: string;
  /** How the report names it: "baseline commit 1a2b3c4d5e" or "origin/main (1a2b3c4d5e)". */
  label: string;
  factory: StressClientFactory;
  /** That commit's client options for a scenario: its suite's, merged with its same-named scenario's. */
  clientOptions(scenario: string): Record<string, unknown>;
  dispose(): Promise<void>;
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;

/**
 * Check out `ref` and import its config; the stress suite named `suite` there supplies the client.
 * Throws StressSetupError when that commit has no such suite (the suite errors: nothing is judged
 * against a client that could not be built).
 */
export async function openReferenceCommit(
  rootDir: string,
  ref: string,
  suite: string,
  label: (commit: string) => string,
): Promise<ReferenceCommit> {
  const worktree: Worktree = await addWorktree(rootDir, ref);
  try {
    const file = CONFIG_FILE_NAMES.map((n) => resolve(worktree.root, n)).find((f) => existsSync(f));
    const where = `commit ${worktree.commit.slice(0, 10)}`;
    if (!file)
      throw new StressSetupError(`${where} has no gauntlet config in ${relative(worktree.dir, worktree.root) || '.'}`);
    const mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
    const suites = isRecord(mod.default) && Array.isArray(mod.default.suites) ? mod.default.suites : [];
    const entry = suites.find(
      (s): s is Record<string, unknown> => isRecord(s) && s.kind === 'stress' && s.name === suite,
    );
    if (!entry || typeof entry.client !== 'function')
      throw new StressSetupError(`${where} has no stress suite '${suite}' with a client factory to measure`);
    const own = isRecord(entry.clientOptions) ? entry.clientOptions : {};
    const scenarios = Array.isArray(entry.scenarios) ? entry.scenarios.filter(isRecord) : [];
    return {
      commit: worktree.commit,
      label: label(worktree.commit),
      factory: entry.client as StressClientFactory,
      clientOptions(name) {
        const sc = scenarios.find((s) => s.name === name);
        return { ...own, ...(sc && isRecord(sc.clientOptions) ? sc.clientOptions : {}) };
      },
      dispose: () => worktree.remove(),
    };
  } catch (e) {
    await worktree.remove();
    throw e;
  }
}
