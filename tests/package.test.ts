import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const ROOT = join(import.meta.dirname, '..');

/**
 * The published package works in another project: `npm pack`, install the tarball into a fresh
 * project (from the npm cache when it can), add a gauntlet.config.ts, a TypeScript selector and one
 * golden case, and `npx gauntlet golden` runs them.
 */
describe('npm package', () => {
  it(
    'installs from its tarball, runs a golden suite, and `gauntlet init` sets up a fresh project whose run passes',
    { timeout: 300_000 },
    async () => {
      // npm's own npm_* variables (set when this runs under `npm test`) must not leak into the nested npm calls.
      const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_')));
      const work = mkdtempSync(join(tmpdir(), 'gauntlet-pack-'));
      await exec('npm', ['pack', '--pack-destination', work], { cwd: ROOT, env });
      const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'))!;
      expect(tarball).toMatch(/^gauntlet-\d+\.\d+\.\d+\.tgz$/);

      const proj = join(work, 'proj');
      mkdirSync(join(proj, 'golden'), { recursive: true });
      writeFileSync(join(proj, 'package.json'), JSON.stringify({ name: 'proj', private: true, type: 'module' }));
      await exec('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(work, tarball)], {
        cwd: proj,
        env,
      });

      writeFileSync(
        join(proj, 'selector.ts'),
        `type Candidate = { id: string; score: number };
export function select(candidates: Candidate[], config: { k?: number }, _seed: number): { ids: string[]; entropy: number } {
  return { ids: candidates.slice().sort((a, b) => b.score - a.score).slice(0, config.k ?? 2).map((c) => c.id), entropy: 0 };
}
`,
      );
      writeFileSync(
        join(proj, 'gauntlet.config.ts'),
        `import { defineConfig } from 'gauntlet';

export default defineConfig({
  suites: [{ kind: 'golden', name: 'mine', dir: 'golden', selector: { module: './selector.ts', export: 'select' } }],
});
`,
      );
      const caseText =
        'name: top-two\nseed: 1\ncandidates:\n  - { id: a, score: 1 }\n  - { id: b, score: 3 }\n  - { id: c, score: 2 }\nexpect:\n  ids: [b, c]\n';
      writeFileSync(join(proj, 'golden', 'top-two.yaml'), caseText);

      // Every relative link in the shipped docs resolves inside the installed package (the guides link to methods, reference, calibration).
      const installed = join(proj, 'node_modules', 'gauntlet');
      const broken = readdirSync(join(installed, 'docs'), { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.md'))
        .flatMap((f) =>
          [...readFileSync(join(installed, 'docs', f), 'utf8').matchAll(/\]\(([^)#\s]+\.(?:md|json))(?:#[^)]*)?\)/g)]
            .map((m) => m[1]!)
            .filter((l) => !/^[a-z]+:/.test(l) && l.startsWith('../') && !l.startsWith('../../'))
            .filter((l) => !existsSync(join(installed, 'docs', dirname(f), l)))
            .map((l) => `${f} -> ${l}`),
        );
      expect(broken).toEqual([]);

      // The subpath exports resolve from the installed package (msw itself is an optional peer dependency).
      const resolved = await exec(
        'node',
        [
          '--input-type=module',
          '-e',
          "for (const p of ['gauntlet', 'gauntlet/vitest', 'gauntlet/msw']) console.log(import.meta.resolve(p))",
        ],
        { cwd: proj, env },
      );
      expect(
        resolved.stdout
          .trim()
          .split('\n')
          .map((u) => u.split('/node_modules/gauntlet/')[1]),
      ).toEqual(['harness/index.ts', 'harness/vitest/index.ts', 'harness/stress/msw-handlers.ts']);

      const pass = await exec('npx', ['--no-install', 'gauntlet', 'golden'], {
        cwd: proj,
        env: { ...env, CI: 'true' },
      });
      expect(pass.stdout).toContain('1/1 cases pass');
      const report = JSON.parse(readFileSync(join(proj, 'reports', 'gauntlet.json'), 'utf8'));
      expect(report).toMatchObject({
        verdict: 'pass',
        tool: { name: 'gauntlet' },
        suites: [{ kind: 'golden', name: 'mine', checks: [{ name: 'top-two', verdict: 'pass' }] }],
      });

      writeFileSync(join(proj, 'golden', 'top-two.yaml'), caseText.replace('ids: [b, c]', 'ids: [c, b]'));
      const fail = await exec('npx', ['--no-install', 'gauntlet', 'golden'], {
        cwd: proj,
        env: { ...env, CI: 'true' },
      }).then(
        () => ({ code: 0, stdout: '' }),
        (e: { code: number; stdout: string }) => e,
      );
      expect(fail.code).toBe(1);
      expect(fail.stdout).toContain('moved: c 1→2');

      // `gauntlet init` from the installed package in a fresh project (its node_modules: the install
      // above), then `npx gauntlet run` there passes: golden example, example benchmark (no baseline yet: a warning).
      const fresh = join(work, 'fresh');
      mkdirSync(fresh);
      symlinkSync(join(proj, 'node_modules'), join(fresh, 'node_modules'), 'dir');
      const init = await exec('npx', ['--no-install', 'gauntlet', 'init', '--kinds', 'golden,bench'], {
        cwd: fresh,
        env,
      });
      expect(init.stdout).toContain('wrote gauntlet/bench/example.bench.ts');
      expect(JSON.parse(readFileSync(join(fresh, 'package.json'), 'utf8')).scripts.gauntlet).toBe('gauntlet run');
      const run = await exec('npx', ['--no-install', 'gauntlet', 'run', '--reporter', 'console,json'], {
        cwd: fresh,
        env: { ...env, CI: 'true' },
      });
      expect(run.stdout).toContain('1/1 cases pass');
      const freshReport = JSON.parse(readFileSync(join(fresh, 'reports', 'gauntlet.json'), 'utf8'));
      expect(freshReport.suites.map((x: { kind: string; verdict: string }) => `${x.kind}:${x.verdict}`)).toEqual([
        'golden:pass',
        'bench:warn',
      ]);
    },
  );
});
