import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, tempProject } from './helpers-temp-project.ts';

const CLI = join(repoRoot, 'bin', 'gauntlet.js');

/**
 * A project whose package.json says "type": "commonjs" (what `npm init -y` writes): its
 * gauntlet.config.ts is loaded through require. Commands that load the config in the CLI process
 * itself (history, dashboard, golden --from-counterexample, report merge's trends) failed there with
 * "Cannot require() ES Module ... in a cycle" while `run` (a child process with tsx's full loader) worked.
 */
describe('a CommonJS project', () => {
  it('loads its TypeScript config in the CLI process and in a run', { timeout: 60_000 }, () => {
    const root = tempProject(
      `import { defineConfig } from 'gauntlet';\nexport default defineConfig({ suites: [] });\n`,
    );
    writeFileSync(join(root, 'package.json'), '{"name":"cjs-project","version":"1.0.0","type":"commonjs"}');
    for (const args of [['history'], ['run']]) {
      const r = spawnSync(process.execPath, [CLI, ...args], {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, CI: '' },
      });
      expect(r.stderr, args.join(' ')).not.toContain('cannot load config');
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
  });
});
