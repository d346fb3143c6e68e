/**
 * Calibration of `gauntlet bench --against <ref>` (interleaved base/head pairs), with figures:
 *
 *   npx tsx scripts/bench-calibration-against.ts [--runs 10] [--repetitions 4] [--time 30]
 *
 * Makes a temporary git worktree of HEAD as the "pull request" and, per scenario, edits the default
 * of the reference benchmark's own workload parameter in it (PLANNER_BENCH_SLOWDOWN ?? 0 -> 0.2 or
 * 0.1): exactly what a change that slows "select 100 candidates (x10)" looks like. Then runs the
 * real `--against HEAD` path from that worktree --runs times per scenario (A/A, +20%, +10%).
 * Appends its table to scripts/bench-calibration.out.md (between markers).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateConfig } from '../harness/config/load-config.ts';
import { runSuites } from '../harness/core/run-suites.ts';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const RUNS = arg('runs', 10);
const K = arg('repetitions', 4);
const TIME = arg('time', 30);
const TARGET = 'planner > select 100 candidates (x10)';
const BENCH = 'suites/bench/planner.bench.ts';

const tmp = await mkdtemp(join(tmpdir(), 'gauntlet-bench-against-calibration-'));
const head = join(tmp, 'head');
execFileSync('git', ['worktree', 'add', '--detach', head, 'HEAD'], { cwd: root, stdio: 'ignore' });
if (!existsSync(join(head, 'node_modules')))
  await symlink(join(root, 'node_modules'), join(head, 'node_modules'), 'dir');
const original = await readFile(join(head, BENCH), 'utf8');
if (!original.includes('process.env.PLANNER_BENCH_SLOWDOWN ?? 0)'))
  throw new Error(`${BENCH} has no PLANNER_BENCH_SLOWDOWN workload parameter at HEAD`);
delete process.env.PLANNER_BENCH_SLOWDOWN;

const t0 = Date.now();
const rows: Array<{
  scenario: string;
  failed: boolean;
  flagged: boolean;
  ratio: number;
  meanRatio: number;
  mde: number;
  seconds: number;
}> = [];
const scenarios: Array<[string, number]> = [
  ['A/A (no change)', 0],
  ['+20% injected', 0.2],
  ['+10% injected', 0.1],
];
try {
  for (const [scenario, slowdown] of scenarios) {
    await writeFile(
      join(head, BENCH),
      original.replace(
        'process.env.PLANNER_BENCH_SLOWDOWN ?? 0)',
        `process.env.PLANNER_BENCH_SLOWDOWN ?? ${slowdown})`,
      ),
    );
    for (let i = 0; i < RUNS; i++) {
      const s0 = Date.now();
      const config = await validateConfig(
        {
          seed: 1,
          reporters: [],
          suites: [
            {
              kind: 'bench',
              name: 'against',
              dir: 'suites/bench',
              files: ['planner.bench.ts'],
              repetitions: K,
              time: TIME,
              warmupTime: 100,
              calibrationTime: 30,
            },
          ],
        },
        join(head, 'gauntlet.config.ts'),
      );
      const s = (await runSuites(config, { flags: { against: 'HEAD' }, ci: false })).suites[0]!;
      const t = s.checks.find((c) => c.name === TARGET);
      const row = {
        scenario,
        failed: s.verdict === 'fail' || s.verdict === 'error',
        flagged: s.checks.some((c) => (c.details as { confirmed?: boolean } | undefined)?.confirmed !== undefined),
        ratio: t?.metrics?.ratio ?? NaN,
        meanRatio: t?.metrics?.mean_ms !== undefined ? t.metrics.mean_ms / t.metrics.base_mean_ms! : NaN,
        mde: t?.metrics?.mde_pct ?? NaN,
        seconds: (Date.now() - s0) / 1000,
      };
      rows.push(row);
      process.stderr.write(
        `${scenario} ${i + 1}/${RUNS}: ${row.failed ? 'FAIL' : 'pass'}${s.verdict === 'error' ? ` (${s.summary})` : ''} ratio ${row.ratio.toFixed(3)} mde ${row.mde.toFixed(1)}% (${row.seconds.toFixed(0)} s, load ${loadavg()[0]!.toFixed(1)})\n`,
      );
      await writeOut(false);
    }
  }
} finally {
  execFileSync('git', ['worktree', 'remove', '--force', head], { cwd: root, stdio: 'ignore' });
}
await writeOut(true);

async function writeOut(complete: boolean): Promise<void> {
  const med = (xs: number[]) => {
    const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
    return s.length ? (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2 : NaN;
  };
  const lines = [
    '<!-- AGAINST -->',
    `## Interleaved pairs: \`--against HEAD\`${complete ? '' : ' (in progress: partial results)'}`,
    '',
    `Command: \`npx tsx scripts/bench-calibration-against.ts --runs ${RUNS} --repetitions ${K} --time ${TIME}\` (${((Date.now() - t0) / 60000).toFixed(1)} min, load average at the end ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' / ')}, ${cpus().length} cores).`,
    '',
    `The "pull request" is a temporary worktree of HEAD whose planner.bench.ts has the workload parameter's default changed; each run is the real \`--against HEAD\` path: ${K} interleaved base/head pairs (ABBA), paired bootstrap, Holm over the 3 benchmarks, confirmation re-run of flagged ones. Naive rule on the same runs: head mean / base mean > 1.2.`,
    '',
    '| scenario | runs | gate: runs failed | flagged before confirmation | naive "mean ratio > 1.2" (target) | median ratio (gate) | median MDE (target) |',
    '|---|---|---|---|---|---|---|',
    ...scenarios.map(([scenario]) => {
      const rs = rows.filter((r) => r.scenario === scenario);
      const n = rs.length;
      return `| ${scenario} | ${n} | ${rs.filter((r) => r.failed).length}/${n} | ${rs.filter((r) => r.flagged).length}/${n} | ${rs.filter((r) => r.meanRatio > 1.2).length}/${n} | ${med(rs.map((r) => r.ratio)).toFixed(3)} | ${med(rs.map((r) => r.mde)).toFixed(1)}% |`;
    }),
    '<!-- END AGAINST -->',
  ];
  const file = join(root, 'scripts', 'bench-calibration.out.md');
  const current = existsSync(file) ? await readFile(file, 'utf8') : '';
  const a = current.indexOf('<!-- AGAINST -->');
  const b = current.indexOf('<!-- END AGAINST -->');
  const rest = a >= 0 && b > a ? current.slice(0, a) + current.slice(b + '<!-- END AGAINST -->'.length) : current;
  await writeFile(file, `${rest.trimEnd()}\n\n${lines.join('\n')}\n`);
}
