/**
 * Things that never finish, through the real CLI on small temporary projects: a selector that
 * never returns, a mock server that never answers, a benchmark that loops forever, and a suite that
 * outlives the global run deadline. Each is cut at its deadline, reported as a timeout, and the run
 * ends on time.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../harness/cli/main.ts';
import type { RunReport } from '../harness/core/report.ts';
import { FIXTURE_SELECTOR } from '../harness/golden/__fixtures__/test-project.ts';
import { memoryIo } from './helpers-golden-project.ts';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const LOOP_CASE = 'name: loops\nseed: 1\nconfig: { loop: true }\ncandidates:\n  - { id: a, score: 1 }\nexpect:\n  ids: [a]\n';
const OK_CASE = 'name: ok\nseed: 1\nconfig: { k: 1 }\ncandidates:\n  - { id: a, score: 1 }\nexpect:\n  ids: [a]\n';

function project(config: string, files: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'gauntlet-hangs-'));
  writeFileSync(join(root, 'package.json'), '{"name":"hangs","type":"module","private":true}');
  mkdirSync(join(root, 'node_modules'));
  symlinkSync(repoRoot, join(root, 'node_modules', 'gauntlet'), 'dir');
  writeFileSync(join(root, 'gauntlet.config.ts'), config);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

async function run(root: string, args = ['run']): Promise<{ code: number; ms: number; report: RunReport; err: string }> {
  const io = memoryIo(root, { CI: 'false' });
  const t0 = performance.now();
  const code = await main(args, io);
  const ms = performance.now() - t0;
  const file = join(root, 'reports', 'gauntlet.json');
  expect(existsSync(file), io.text().err).toBe(true);
  return { code, ms, report: JSON.parse(readFileSync(file, 'utf8')) as RunReport, err: io.text().err };
}

describe('hangs are cut at their deadline and reported as timeouts', () => {
  it('a selector that never returns: the case times out at timeoutMs, the other case runs, the run ends', async () => {
    const root = project(
      `export default { reporters: ['json'], suites: [{ kind: 'golden', name: 'g', dir: 'cases', selector: { module: './selector.mjs' }, timeoutMs: 400, concurrency: 1, latencyCalls: 1 }] };\n`,
      { 'selector.mjs': FIXTURE_SELECTOR, 'cases/loops.yaml': LOOP_CASE, 'cases/ok.yaml': OK_CASE },
    );
    const r = await run(root);
    expect(r.code).toBe(1);
    const checks = Object.fromEntries(r.report.suites[0]!.checks.map((c) => [c.name, c]));
    expect(checks.loops).toMatchObject({ verdict: 'error', metrics: { timed_out: 1 }, reasons: [expect.stringMatching(/^timeout: no selection within 400 ms/)] });
    expect(checks.ok!.verdict).toBe('pass');
    expect(r.ms).toBeLessThan(10_000);
  }, 20_000);

  it('a mock server that never answers: every call fails as a timeout after the client timeout, the run ends', async () => {
    const root = project(`import { referenceClientFactory } from ${JSON.stringify(join(repoRoot, 'sut/llm-client/factory.ts'))};
export default { reporters: ['json'], suites: [{
  kind: 'stress', name: 'hang', client: referenceClientFactory, redis: 'memory',
  clientOptions: { timeoutMs: 300, maxAttempts: 1 },
  scenarios: [{ name: 'never', calls: 20, concurrency: 20, profile: { name: 'never', faults: [{ type: 'hang', probability: 1 }] } }],
}] };
`);
    const r = await run(root);
    const suite = r.report.suites[0]!;
    expect(suite.metrics!['never.calls']).toBe(20);
    expect(suite.metrics!['never.failures.timeout']).toBe(20);
    expect(suite.metrics!['never.success_rate']).toBe(0);
    expect(r.ms).toBeLessThan(15_000);
  }, 30_000);

  it('a benchmark that loops forever is killed at its time limit and reported; the next benchmark still runs', async () => {
    const root = project(
      `export default { reporters: ['json'], suites: [{ kind: 'bench', name: 'b', dir: 'bench', baseline: 'baselines/bench.json', repetitions: 2, time: 10, warmupTime: 5, calibrationTime: 10, resamples: 1000, timeoutMs: 700, confirm: false }] };\n`,
      {
        'bench/loop.bench.ts': `import { bench } from 'gauntlet';\nbench('forever', () => { for (;;) {} });\nbench('quick', () => { let s = 0; for (let i = 0; i < 1000; i++) s += i; return s; });\n`,
      },
    );
    const r = await run(root);
    expect(r.code).toBe(1);
    const checks = Object.fromEntries(r.report.suites[0]!.checks.map((c) => [c.name.replace(/^.*> /, ''), c]));
    expect(checks.forever).toMatchObject({ verdict: 'error', reasons: [expect.stringMatching(/did not finish within its time limit of 700 ms \(killed\)/)] });
    expect(checks.quick!.verdict).not.toBe('error');
    expect(r.ms).toBeLessThan(60_000); // a hang guard, not a timing figure: each repetition is a fresh process, slow on a busy runner
  }, 40_000);

  it('the global run deadline ends a run that would go on and writes the partial report', async () => {
    const root = project(
      `export default { reporters: ['json'], runTimeoutMs: 1500, suites: [
  { kind: 'golden', name: 'slow', dir: 'cases', selector: { module: './selector.mjs' }, timeoutMs: 60000, concurrency: 1, latencyCalls: 1 },
  { kind: 'golden', name: 'never-started', dir: 'cases', selector: { module: './selector.mjs' }, concurrency: 1, latencyCalls: 1 },
] };\n`,
      { 'selector.mjs': FIXTURE_SELECTOR, 'cases/loops.yaml': LOOP_CASE },
    );
    const r = await run(root);
    expect(r.code).toBe(1);
    expect(r.report.partial).toBe(true);
    expect(r.report.verdict).toBe('error');
    expect(r.report.reasons.join('\n')).toMatch(/run deadline of 1500 ms passed: 1 suite\(s\) did not run/);
    expect(r.report.suites.map((s) => s.name)).toEqual(['slow']);
    expect(r.ms).toBeLessThan(8_000);
  }, 20_000);
});
