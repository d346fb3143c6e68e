/**
 * A suite whose code never yields cannot hang a run: the suites run in a child process that the CLI
 * supervises. A drift system stuck in a synchronous loop is stopped at the run deadline, and a canary
 * traffic source stuck the same way is stopped when the CLI gets SIGINT. Real processes throughout;
 * each test is bounded by its timeout, not by a wall-time assertion, and waits on what the run process
 * has done (it loaded the config, a suite wrote its marker), never on a fixed delay: under load the
 * run process may take many seconds to start.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../harness/cli/main.ts';
import type { RunReport } from '../harness/core/report.ts';
import { memoryIo } from './helpers-golden-project.ts';
import { repoRoot, tempProject } from './helpers-temp-project.ts';

const SCENARIO = 'name: quiet\ndays: 8\nreferenceDays: 7\nbase: { mean: 0.5, sd: 0.1 }\nchanges: []\n';

// Writes its process id where the test can see it, then never yields.
const stuck = (marker: string) =>
  `(() => { require('node:fs').writeFileSync(${JSON.stringify(marker)}, String(process.pid)); for (;;) {} })()`;

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const readReport = (root: string) =>
  JSON.parse(readFileSync(join(root, 'reports', 'gauntlet.json'), 'utf8')) as RunReport;

/** Until `file` exists; fails at once if the process it waits on ends first (the test's timeout bounds the rest). */
async function waitFor(file: string, exited: Promise<unknown>): Promise<void> {
  let ended = false;
  void exited.then(() => (ended = true));
  while (!existsSync(file)) {
    if (ended) throw new Error(`the CLI ended before ${file} appeared`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('supervised runs', () => {
  it('a drift system stuck in a synchronous loop is stopped at the run deadline; the partial report names it and the skipped suite (exit 3)', async () => {
    const markers = mkdtempSync(join(tmpdir(), 'gauntlet-marker-'));
    const marker = join(markers, 'stuck.pid');
    const timeoutFile = join(markers, 'run-timeout-ms');
    // The deadline counts from the start of the run, but the run process may take seconds to start under
    // load: a fixed runTimeoutMs (it was 8000) could pass before the stuck suite began, which was then
    // skipped, not cut short. So the config sets the deadline 5 s after it is loaded, with the drift kind
    // already imported: what is left before the suite loops (read one scenario) is milliseconds of work.
    const root = tempProject(
      `import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
const require = createRequire(import.meta.url);
await import(${JSON.stringify(pathToFileURL(join(repoRoot, 'harness', 'drift', 'kind.ts')).href)});
const runTimeoutMs = Date.now() - Number(process.env.GAUNTLET_TEST_T0) + 5000;
writeFileSync(${JSON.stringify(timeoutFile)}, String(runTimeoutMs));
const system = () => ({ bounds: {}, alertRules: [], initialParams: () => ({}), observe() {}, tick: () => ${stuck(marker)} });
export default { reporters: ['json'], runTimeoutMs, suites: [
  { kind: 'drift', name: 'stuck', scenarios: ['scenarios'], system, seeds: 1, charts: false },
  { kind: 'drift', name: 'after', scenarios: ['scenarios'], seeds: 1, charts: false },
] };
`,
      { 'scenarios/quiet.yaml': SCENARIO },
    );

    const io = memoryIo(root, { CI: 'true', GAUNTLET_TEST_T0: String(Date.now()) });
    const code = await main(['run'], io);
    const report = readReport(root);
    expect(code, io.text().err).toBe(3);
    const runTimeoutMs = Number(readFileSync(timeoutFile, 'utf8'));
    expect(runTimeoutMs).toBeGreaterThanOrEqual(5000);
    expect(report.partial).toEqual({
      reason: 'deadline',
      cutShort: [{ kind: 'drift', name: 'stuck' }],
      skipped: [{ kind: 'drift', name: 'after' }],
    });
    expect(report.verdict).toBe('error');
    expect(report.suites).toHaveLength(1);
    expect(report.suites[0]).toMatchObject({
      name: 'stuck',
      verdict: 'error',
      summary: expect.stringMatching(
        new RegExp(`^stopped: still running at the run deadline of ${runTimeoutMs} ms, and killed 2000 ms later`),
      ),
    });
    expect(report.reasons.at(-1)).toBe(
      `run deadline of ${runTimeoutMs} ms passed: drift/stuck cut short; 1 suite(s) did not run (drift/after)`,
    );
    // The looping process is gone.
    expect(alive(Number(readFileSync(marker, 'utf8')))).toBe(false);
  }, 120_000);

  it('a canary traffic source stuck in a synchronous loop: SIGINT to the CLI ends the run as interrupted (exit 130) with the partial report', async () => {
    const marker = join(mkdtempSync(join(tmpdir(), 'gauntlet-marker-')), 'serving.pid');
    const root = tempProject(
      `import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const traffic = { describe: 'a source that never yields', open: async () => ({ serve: async () => ${stuck(marker)}, close: async () => {} }) };
export default { reporters: ['json'], suites: [
  { kind: 'canary', name: 'loops', traffic, requests: 100 },
  { kind: 'canary', name: 'next', traffic, requests: 100 },
] };
`,
    );

    const cli = spawn(process.execPath, [join(repoRoot, 'bin', 'gauntlet.js'), 'run'], {
      cwd: root,
      env: { ...process.env, CI: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    cli.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((resolve) => cli.once('close', (code) => resolve(code)));
    await waitFor(marker, exited);
    cli.kill('SIGINT');
    const code = await exited;
    expect(code, err).toBe(130);
    const report = readReport(root);
    expect(report.partial).toEqual({
      reason: 'interrupted',
      cutShort: [{ kind: 'canary', name: 'loops' }],
      skipped: [{ kind: 'canary', name: 'next' }],
    });
    expect(report.suites[0]).toMatchObject({
      name: 'loops',
      verdict: 'error',
      summary: 'stopped: the run was interrupted and the suite did not stop within 2000 ms (killed)',
    });
    expect(report.reasons.at(-1)).toBe(
      'interrupted (SIGINT): canary/loops cut short; 1 suite(s) did not run (canary/next)',
    );
    expect(alive(Number(readFileSync(marker, 'utf8')))).toBe(false);
  }, 120_000);

  it('the config is loaded once per run, by the run process (the supervisor reads the settings it sends)', async () => {
    const counter = join(mkdtempSync(join(tmpdir(), 'gauntlet-loads-')), 'loads.txt');
    const root = tempProject(
      `import { appendFileSync } from 'node:fs';
appendFileSync(${JSON.stringify(counter)}, String(process.pid) + '\\n');
export default { reporters: ['json'], reportsDir: 'out', suites: [{ kind: 'drift', name: 'quiet', scenarios: ['scenarios'], seeds: 1, charts: false }] };
`,
      { 'scenarios/quiet.yaml': SCENARIO },
    );
    const io = memoryIo(root, { CI: 'true' });
    expect(await main(['run'], io), io.text().err).toBe(0);
    // One import, in a process other than this one; the reporters wrote where the config said.
    const pids = readFileSync(counter, 'utf8').trim().split('\n');
    expect(pids).toHaveLength(1);
    expect(Number(pids[0])).not.toBe(process.pid);
    expect(existsSync(join(root, 'out', 'gauntlet.json'))).toBe(true);
  }, 120_000);

  it('bin/gauntlet.js starts the run process before loading the CLI; told to start, it runs in the config directory', async () => {
    const marker = join(mkdtempSync(join(tmpdir(), 'gauntlet-cwd-')), 'cwd.txt');
    const config = `import { writeFileSync } from 'node:fs';
writeFileSync(${JSON.stringify(marker)}, process.cwd());
export default { reporters: ['json'], suites: [{ kind: 'drift', name: 'quiet', scenarios: ['scenarios'], seeds: 1, charts: false }] };
`;
    const root = tempProject('export default { suites: [] };\n', {
      'sub/gauntlet.config.ts': config,
      'sub/scenarios/quiet.yaml': SCENARIO,
    });
    // Started from the project root with --config naming another directory: the early process was
    // spawned in the root, before the CLI had found the config.
    const cli = spawn(
      process.execPath,
      [join(repoRoot, 'bin', 'gauntlet.js'), 'run', '--config', 'sub/gauntlet.config.ts'],
      {
        cwd: root,
        env: { ...process.env, CI: 'true' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let err = '';
    cli.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => cli.once('close', (c) => resolve(c)));
    expect(code, err).toBe(0);
    expect(realpathSync(readFileSync(marker, 'utf8'))).toBe(realpathSync(join(root, 'sub')));
    expect(JSON.parse(readFileSync(join(root, 'sub', 'reports', 'gauntlet.json'), 'utf8'))).toMatchObject({
      verdict: 'pass',
    });
  }, 120_000);
});
