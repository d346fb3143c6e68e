/**
 * `gauntlet report merge` for the bench and canary kinds (report-merge.test.ts has the toy, golden
 * and drift kinds): a bench suite whose files are split over 3 shards, and canary suites dealt whole
 * across them, merge to the verdict, checks and totals of one unsharded run.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../harness/cli/main.ts';
import type { RunReport, SuiteReport } from '../harness/core/report.ts';
import { memoryIo } from './helpers-golden-project.ts';
import { slowTestsOn } from '../harness/core/__fixtures__/slow-tests.ts';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

const benchFile = (work: number) => `import { bench } from 'gauntlet';
let sink = 0;
const work = (n) => { let s = 0; for (let i = 0; i < n; i++) s += Math.sqrt(i); sink += s; };
bench('small', () => work(${work}));
bench('large', () => work(${work * 3}));
export { sink };
`;

const CONFIG = `import { defineConfig, latencyErrorModel, simulatedTraffic } from 'gauntlet';
const model = latencyErrorModel({ medianMs: 100, sigma: 0.3, errorRate: 0.01 });
const canary = (name, slower) => ({
  kind: 'canary',
  name,
  traffic: simulatedTraffic({ baseline: model, canary: latencyErrorModel({ medianMs: 100 * slower, sigma: 0.3, errorRate: 0.01 }), describe: name }),
  requests: 3000,
  routing: 'balanced',
});
export default defineConfig({
  seed: 5,
  reporters: ['json'],
  suites: [
    canary('canary-same', 1),
    // Tolerance 50%: on a busy shared runner an unchanged benchmark must not turn 'improved' in one run only.
    // Threshold 200%: 3 repetitions of 15 ms on the CPU clock (npm test sets GAUNTLET_NO_VALGRIND) can
    // rule out a 20% slowdown in one run and not in another (2026-11-28: 'a > large' inconclusive in the
    // unsharded run, not in its shard); a 10x slowdown still fails.
    // Each run measures HEAD~1 beside the head (--against): stored figures from a quieter moment could be
    // 'not comparable' in one run and not in another.
    { kind: 'bench', name: 'bench', dir: 'bench', repetitions: 3, time: 15, warmupTime: 5, calibrationTime: 15, resamples: 1000, tolerance: 0.5, threshold: 2 },
    canary('canary-slower', 1.3),
  ],
});
`;

let root: string;
async function gauntlet(args: string[]): Promise<number> {
  const io = memoryIo(root, { CI: 'false' });
  const code = await main(args, io);
  expect(io.text().err).toBe('');
  return code;
}
const read = async (p: string) => JSON.parse(await readFile(join(root, p), 'utf8')) as RunReport;
/** What must not depend on how the run was split (measured figures differ from run to run). */
const outcome = (s: SuiteReport) => ({
  kind: s.kind,
  name: s.name,
  verdict: s.verdict,
  summary: s.summary,
  checks: s.checks.map((c) => ({ name: c.name, verdict: c.verdict, change: c.change })),
});

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'gauntlet-merge-bench-'));
  await writeFile(join(root, 'package.json'), '{"name":"merge-bench","type":"module","private":true}');
  await mkdir(join(root, 'node_modules'));
  await symlink(repoRoot, join(root, 'node_modules', 'gauntlet'), 'dir');
  await writeFile(join(root, 'gauntlet.config.ts'), CONFIG);
  await mkdir(join(root, 'bench'));
  for (const f of ['a', 'b', 'c']) await writeFile(join(root, 'bench', `${f}.bench.ts`), benchFile(20_000));
  await writeFile(join(root, '.gitignore'), 'node_modules\n.gauntlet\n');
  git('init', '-q');
  git('add', '.');
  git('commit', '-qm', 'fast');
  // File b gets 10x slower in the head commit.
  await writeFile(join(root, 'bench', 'b.bench.ts'), benchFile(200_000));
  git('commit', '-qam', 'b slower');
});

const git = (...args: string[]) =>
  execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { cwd: root, stdio: 'pipe' });

// About 50 bench processes (one unsharded run and three shards, each measuring HEAD~1 beside the head):
// 45-100 s on a quiet 2-core machine, 157-172 s at load 15-21. In the fresh-clone `.ci/run` of 2026-11-27
// 18:57 the unsharded run missed the planted slowdown that the shards caught: the paired figures were
// divided by each side's median calibration time, which had moved 2x between processes (10x came out
// 5.7x, Holm p 0.21); paired comparisons now use raw figures (harness/bench/evaluate.test.ts). The exact
// equality of a merged bench suite with one run is asserted in harness/bench/phases/merge-shards.test.ts;
// this end-to-end check runs with GAUNTLET_SLOW_TESTS=1 (too slow for the default suite).
const slow = !slowTestsOn('tests/report-merge-bench-canary.test.ts', 'about 50 bench processes');

describe.skipIf(slow)('bench and canary suites split across 3 shards', () => {
  it(
    'bench files and canary suites are shared out; merged, they give the result of one unsharded run',
    { timeout: 240_000 },
    async () => {
      // One unsharded run fails file b's benchmarks (confirmed by a re-run of both sides).
      const wholeCode = await gauntlet(['run', '--against', 'HEAD~1', '--reports', 'whole']);
      expect(wholeCode).toBe(1);
      const whole = await read('whole/gauntlet.json');

      for (const i of [1, 2, 3]) {
        // The last unsharded run's report in each shard's reports directory balances the split by file times.
        await mkdir(join(root, `s${i}`));
        await writeFile(join(root, `s${i}`, 'gauntlet.json'), JSON.stringify(whole));
        await gauntlet(['run', '--against', 'HEAD~1', '--shard', `${i}/3`, '--reports', `s${i}`]);
      }
      const parts = await Promise.all([1, 2, 3].map((i) => read(`s${i}/gauntlet.json`)));
      const benchParts = parts.map((p) => p.suites.find((s) => s.kind === 'bench')!.shardPart!);
      expect(benchParts.map((p) => p.balancedBy)).toEqual(['durations', 'durations', 'durations']);
      expect(benchParts.map((p) => p.ran.length)).toEqual([1, 1, 1]);
      expect(benchParts.flatMap((p) => p.ran).sort()).toEqual([0, 1, 2]);
      // Canary suites run whole, each on one shard.
      const canaries = parts.map((p) => p.suites.filter((s) => s.kind === 'canary').map((s) => s.name));
      expect(canaries.flat().sort()).toEqual(['canary-same', 'canary-slower']);
      expect(canaries.every((c) => c.length <= 1)).toBe(true);

      expect(await gauntlet(['report', 'merge', 's1', 's2', 's3', '--reports', 'merged'])).toBe(wholeCode);
      const merged = await read('merged/gauntlet.json');
      expect(merged.verdict).toBe(whole.verdict);
      expect(merged.reasons).toEqual(whole.reasons);
      expect(merged.suites.map(outcome)).toEqual(whole.suites.map(outcome));
      // Canary suites are not re-judged: each is its shard's report, figures and all.
      for (const name of ['canary-same', 'canary-slower']) {
        const m = merged.suites.find((s) => s.name === name)!;
        const w = whole.suites.find((s) => s.name === name)!;
        expect(m.checks.map((c) => c.metrics)).toEqual(w.checks.map((c) => c.metrics));
      }
      const bench = merged.suites.find((s) => s.kind === 'bench')!;
      expect(bench.summary).toMatch(/^6 benchmark\(s\), vs HEAD~1 \([0-9a-f]{10}\), 2 confirmed regression\(s\)/);
      expect(bench.checks.find((c) => c.name === 'b > large')!.reasons.join('\n')).toMatch(
        /confirmed by a re-run of both sides/,
      );
      // Each check carries its share of its file's time: the next split weighs the files by it.
      expect(bench.checks.every((c) => c.durationMs! > 0)).toBe(true);
    },
  );
});
