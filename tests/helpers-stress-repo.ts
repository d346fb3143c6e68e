/** A temporary git repository whose one commit holds a stress suite with the reference client (the stress gate's worktree tests). */
import { execFileSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const factoryFile = fileURLToPath(new URL('../sut/llm-client/factory.ts', import.meta.url));

/** git with a throwaway identity, its output trimmed. */
export const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd })
    .toString()
    .trim();

/**
 * The small stress suite the worktree tests run: one quiet scenario of 40 calls, the yardstick's rounds as given.
 * Its --save is their setup, not what they test: a crowded host must not refuse it (contention x17-19 beside
 * 8 busy loops on 2 cores, over the default 8). The refusal itself: harness/stress/phases/persist.test.ts.
 */
export const miniStressSuite = (yardstick: { rounds: number; callsPerRound: number }) => ({
  kind: 'stress',
  name: 'mini',
  redis: 'memory',
  maxSaveContention: 1_000,
  yardstick: { ...yardstick, concurrency: 1 },
  scenarios: [{ name: 'steady', calls: 40, concurrency: 8, profile: { name: 'quiet', completionTokens: 4 } }],
});

/** A repository whose one commit has a config with `suite` (JSON-serialisable, its client the reference client's own import). */
export async function stressRepository(suite: object, prefix: string): Promise<{ dir: string; commit: string }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  git(dir, 'init', '-q');
  await writeFile(
    join(dir, 'gauntlet.config.ts'),
    `import { referenceClientFactory } from ${JSON.stringify(factoryFile)};\n` +
      `export default { suites: [{ ...${JSON.stringify(suite)}, client: referenceClientFactory }] };\n`,
  );
  git(dir, 'add', '.');
  git(dir, 'commit', '-qm', 'config');
  return { dir, commit: git(dir, 'rev-parse', 'HEAD') };
}
