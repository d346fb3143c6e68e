/**
 * `gauntlet/vitest`: golden suites registered as vitest tests (one per case, the ranking diff as the
 * failure message), run by a real vitest in a small project.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { FAILING_CASE, goldenProject, PASSING_CASE } from './helpers-golden-project.ts';

const exec = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..');

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  testResults: Array<{ assertionResults: Array<{ fullName: string; status: string; failureMessages: string[] }> }>;
}

describe('goldenTests() from gauntlet/vitest', () => {
  it(
    'registers one vitest test per case; a failing case fails with the ranking diff',
    { timeout: 120_000 },
    async () => {
      const dir = goldenProject({ 'ok.yaml': PASSING_CASE, 'wrong.yaml': FAILING_CASE });
      writeFileSync(join(dir, 'package.json'), '{"name":"proj","private":true,"type":"module"}');
      mkdirSync(join(dir, 'node_modules'));
      symlinkSync(ROOT, join(dir, 'node_modules', 'gauntlet'), 'dir');
      writeFileSync(
        join(dir, 'golden.test.ts'),
        "import { goldenTests } from 'gauntlet/vitest';\n\nawait goldenTests();\n",
      );
      const env = Object.fromEntries(
        Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && !k.toLowerCase().startsWith('npm_')),
      );
      const r = await exec(
        process.execPath,
        [
          join(ROOT, 'node_modules/vitest/vitest.mjs'),
          'run',
          '--root',
          dir,
          '--reporter',
          'json',
          '--outputFile',
          'vitest.json',
        ],
        { cwd: dir, env },
      ).then(
        () => ({ code: 0 }),
        (e: { code: number; stderr: string }) => e,
      );
      expect(r.code).toBe(1);
      const out = JSON.parse(readFileSync(join(dir, 'vitest.json'), 'utf8')) as VitestJson;
      const tests = out.testResults.flatMap((t) => t.assertionResults);
      expect(tests.map((t) => [t.fullName, t.status]).sort()).toEqual([
        ['sel ok', 'passed'],
        ['sel wrong', 'failed'],
      ]);
      const message = tests.find((t) => t.status === 'failed')!.failureMessages.join('\n');
      expect(message).toContain('GoldenCaseFailure: cases/wrong.yaml: exact order differs');
      expect(message).toContain('moved: a 1→2 (▼1), b 2→1 (▲1)');
    },
  );
});
