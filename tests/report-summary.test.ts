import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureRunReport } from '../harness/report/__fixtures__/run-reports.ts';
import { runCli } from './helpers-cli.ts';

// @actions/core reads GITHUB_STEP_SUMMARY from process.env, so the in-process CLI needs it there too.
const saved = process.env.GITHUB_STEP_SUMMARY;
afterEach(() => {
  if (saved === undefined) delete process.env.GITHUB_STEP_SUMMARY;
  else process.env.GITHUB_STEP_SUMMARY = saved;
});

async function project(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'gauntlet-summary-'));
  await writeFile(join(dir, 'gauntlet.json'), JSON.stringify(fixtureRunReport()));
  return dir;
}

async function summary(dir: string, summaryFile: string) {
  process.env.GITHUB_STEP_SUMMARY = summaryFile;
  return runCli(['report', 'summary', 'gauntlet.json'], dir, { GITHUB_STEP_SUMMARY: summaryFile });
}

describe('gauntlet report summary with GITHUB_STEP_SUMMARY', () => {
  // One file for both runs: @actions/core keeps the first summary path it saw for the process.
  it('creates the summary file when it does not exist yet, and appends to it after that (as GitHub does between steps)', async () => {
    const dir = await project();
    const file = join(dir, 'step-summary.md');
    const first = await summary(dir, file);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    const once = await readFile(file, 'utf8');
    expect(once).toMatch(/^## gauntlet ❌ fail/);
    expect((await summary(dir, file)).code).toBe(0);
    expect(await readFile(file, 'utf8')).toBe(once + once);
  });

  it('a file that cannot be created is a one-line error naming the variable, exit code 2', async () => {
    const dir = await project();
    const file = join(dir, 'no-such-dir', 'step-summary.md');
    const r = await summary(dir, file);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`gauntlet: GITHUB_STEP_SUMMARY: cannot write the job summary file ${file} (ENOENT)\n`);
  });
});
