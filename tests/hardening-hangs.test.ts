/**
 * Things that never finish, through the real CLI on small temporary projects: a selector that
 * never returns, a mock server that never answers, a benchmark that loops forever, and a suite that
 * outlives the global run deadline. Each is cut at its deadline and reported as a timeout; that the run
 * ends at all is the test finishing within its timeout (no wall-time bound: the machine is shared).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../harness/cli/main.ts';
import type { RunReport } from '../harness/core/report.ts';
import { FIXTURE_SELECTOR } from '../harness/golden/__fixtures__/test-project.ts';
import { memoryIo } from './helpers-golden-project.ts';
import { repoRoot, tempProject as project } from './helpers-temp-project.ts';

const LOOP_CASE =
  'name: loops\nseed: 1\nconfig: { loop: true }\ncandidates:\n  - { id: a, score: 1 }\nexpect:\n  ids: [a]\n';
const OK_CASE = 'name: ok\nseed: 1\nconfig: { k: 1 }\ncandidates:\n  - { id: a, score: 1 }\nexpect:\n  ids: [a]\n';

async function run(root: string, args = ['run']): Promise<{ code: number; report: RunReport; err: string }> {
  const io = memoryIo(root, { CI: 'false' });
  const code = await main(args, io);
  const file = join(root, 'reports', 'gauntlet.json');
  expect(existsSync(file), io.text().err).toBe(true);
  return { code, report: JSON.parse(readFileSync(file, 'utf8')) as RunReport, err: io.text().err };
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
    expect(checks.loops).toMatchObject({
      verdict: 'error',
      metrics: { timed_out: 1 },
      reasons: [expect.stringMatching(/^timeout: no selection within 400 ms/)],
    });
    expect(checks.ok!.verdict).toBe('pass');
  }, 60_000);

  it('a mock server that never answers: every call fails as a timeout after the client timeout, the run ends', async () => {
    const root =
      project(`import { referenceClientFactory } from ${JSON.stringify(join(repoRoot, 'sut/llm-client/factory.ts'))};
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
  }, 60_000);

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
    expect(checks.forever).toMatchObject({
      verdict: 'error',
      reasons: [expect.stringMatching(/did not finish within its time limit of 700 ms \(killed\)/)],
    });
    expect(checks.quick!.verdict).not.toBe('error');
  }, 60_000);

  it('the global run deadline ends a run that would go on and writes the partial report', async () => {
    const root = project(
      `export default { reporters: ['json'], runTimeoutMs: 8000, suites: [
  { kind: 'golden', name: 'slow', dir: 'cases', selector: { module: './selector.mjs' }, timeoutMs: 60000, concurrency: 1, latencyCalls: 1 },
  { kind: 'golden', name: 'never-started', dir: 'cases', selector: { module: './selector.mjs' }, concurrency: 1, latencyCalls: 1 },
] };\n`,
      { 'selector.mjs': FIXTURE_SELECTOR, 'cases/loops.yaml': LOOP_CASE },
    );
    const r = await run(root);
    expect(r.code).toBe(3);
    expect(r.report.partial).toEqual({
      reason: 'deadline',
      cutShort: [{ kind: 'golden', name: 'slow' }],
      skipped: [{ kind: 'golden', name: 'never-started' }],
    });
    expect(r.report.verdict).toBe('error');
    expect(r.report.reasons.at(-1)).toBe(
      'run deadline of 8000 ms passed: golden/slow cut short; 1 suite(s) did not run (golden/never-started)',
    );
    expect(r.report.suites.map((s) => s.name)).toEqual(['slow']);
  }, 60_000);
});
