/**
 * `gauntlet init` in an existing project (vitest benchmark files, an openai dependency): what it
 * writes, that it never overwrites, and that `gauntlet run` passes right after. The same from an
 * installed tarball is in package.test.ts.
 */
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { main } from '../harness/cli/main.ts';
import { bufferedIo } from '../harness/cli/io.ts';
import type { RunReport } from '../harness/core/report.ts';

const ROOT = resolve(import.meta.dirname, '..');

function existingProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gauntlet-init-'));
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify(
      {
        name: 'svc',
        private: true,
        type: 'module',
        scripts: { gauntlet: 'echo mine' },
        dependencies: { openai: '^6.0.0' },
      },
      null,
      2,
    ),
  );
  mkdirSync(join(dir, 'src', 'perf'), { recursive: true });
  writeFileSync(
    join(dir, 'src', 'perf', 'sum.bench.ts'),
    "import { bench, describe } from 'vitest';\n\ndescribe('sum', () => {\n  bench('1k', () => { let s = 0; for (let i = 0; i < 1000; i++) s += i; return s; });\n});\n",
  );
  writeFileSync(join(dir, '.gitignore'), 'node_modules\n');
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(ROOT, join(dir, 'node_modules', 'gauntlet'), 'dir');
  symlinkSync(join(ROOT, 'node_modules', 'openai'), join(dir, 'node_modules', 'openai'), 'dir');
  return dir;
}

async function gauntlet(cwd: string, args: string[]) {
  const io = bufferedIo(cwd, { ...process.env, CI: 'true' });
  const code = await main(args, io);
  return { code, ...io.text() };
}

describe('gauntlet init', () => {
  it(
    'detects vitest benchmarks and openai, writes config, examples, workflows and scripts; gauntlet run then passes',
    { timeout: 120_000 },
    async () => {
      const dir = existingProject();
      const init = await gauntlet(dir, ['init', '--yes']);
      expect(init.err).toBe('');
      expect(init.code).toBe(0);
      expect(init.out).toContain('gauntlet init: golden, bench, stress');
      for (const f of [
        'gauntlet.config.ts',
        'gauntlet/selector.ts',
        'gauntlet/golden/top-two.yaml',
        '.github/workflows/gauntlet.yml',
        '.github/workflows/gauntlet-comment.yml',
      ]) {
        expect(init.out).toContain(`wrote ${f}`);
      }
      // The project's own benchmark files are the bench suite: no example bench file.
      expect(init.out).not.toContain('example.bench.ts');
      expect(readFileSync(join(dir, 'gauntlet.config.ts'), 'utf8')).toContain(`dir: "src/perf"`);
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      expect(pkg.scripts).toEqual({ gauntlet: 'echo mine', 'gauntlet:baselines': 'gauntlet baseline update' });
      expect(pkg.dependencies).toEqual({ openai: '^6.0.0' });

      const wf = parse(readFileSync(join(dir, '.github/workflows/gauntlet.yml'), 'utf8'));
      expect(wf.jobs.gauntlet.steps.at(-1)).toMatchObject({ uses: './node_modules/gauntlet', with: { install: '' } });
      const comment = parse(readFileSync(join(dir, '.github/workflows/gauntlet-comment.yml'), 'utf8'));
      expect(comment.on).toEqual({ workflow_run: { workflows: [wf.name], types: ['completed'] } });
      expect(comment.jobs.comment.steps.at(-1).with).toMatchObject({ command: 'comment', 'report-dir': 'pr-report' });

      const run = await gauntlet(dir, ['run', '--reporter', 'json']);
      expect(run.err).toBe('');
      expect(run.code).toBe(0);
      const report = JSON.parse(readFileSync(join(dir, 'reports', 'gauntlet.json'), 'utf8')) as RunReport;
      expect(report.suites.map((s) => [s.kind, s.verdict])).toEqual([
        ['golden', 'pass'],
        ['bench', 'warn'], // no baseline yet: `gauntlet bench --save` stores one
        ['stress', 'warn'],
      ]);
      expect(report.suites[1]!.checks.map((c) => c.name)).toEqual(['sum > sum > 1k']);
      expect(report.suites[2]!.checks.find((c) => c.name.startsWith('steady'))).toBeDefined();
      // The openai adapter sends the call id, so the resilience check runs (a hand-written client did not).
      expect(report.suites[2]!.checks.find((c) => c.name === 'steady/resilience:truncated-accepted')?.verdict).toBe(
        'pass',
      );
      // What a run writes locally is ignored, so `git add -A` does not commit it.
      expect(init.out).toContain('.gitignore: added reports/, .gauntlet/');
      expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toMatch(
        /node_modules\n# gauntlet run output.*\nreports\/\n\.gauntlet\/\n$/,
      );
    },
  );

  it('never overwrites: a second init keeps every file; without --yes off a terminal it asks for --yes', async () => {
    const dir = existingProject();
    await gauntlet(dir, ['init', '--kinds', 'golden']);
    writeFileSync(join(dir, 'gauntlet.config.ts'), '// mine\n');
    const again = await gauntlet(dir, ['init', '--kinds', 'golden,bench']);
    expect(again.code).toBe(0);
    expect(again.out).toContain('kept  gauntlet.config.ts (exists; not overwritten)');
    expect(again.out).toContain('kept  gauntlet/selector.ts (exists; not overwritten)');
    expect(again.out).not.toMatch(/wrote/);
    expect(readFileSync(join(dir, 'gauntlet.config.ts'), 'utf8')).toBe('// mine\n');
    const bad = await gauntlet(dir, ['init', '--kinds', 'canary']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("unknown kind 'canary'");
    const noTerminal = await gauntlet(dir, ['init']);
    expect(noTerminal.code).toBe(2);
    expect(noTerminal.err).toContain('not a terminal: pass --yes');
  });
});
