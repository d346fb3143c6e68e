/**
 * Figures of the instruction clock on this machine (issue 12; docs/calibration/bench-instructions.md):
 *
 *   npx tsx scripts/bench-instructions.ts [--runs 10] [--slowdown-runs 20] [--files planner.bench.ts,metrics-store.bench.ts] [--suite]
 *
 * 1. Repeatability: every counted benchmark of the reference suite in --runs processes (one per
 *    repetition, in parallel on every core); per benchmark the largest relative difference
 *    between processes (max/min - 1). Goal: <= 0.5%.
 * 2. A +2% CPU-bound slowdown (scripts/fixtures/instructions-slowdown.bench.ts, SLOWDOWN=0.02: 102
 *    rounds of the same work instead of 100) against unchanged code: --slowdown-runs processes of
 *    each; "runs" of the gate are disjoint groups of 2 repetitions per side, judged by
 *    decideInstructions (instructionTolerance 0.01, the suite default). A/A: unchanged against
 *    unchanged, the same grouping. The naive "mean ratio > 1.2" rule beside it.
 * 3. With --suite: wall time of `gauntlet bench` on the instruction clock (the reference suite).
 * Writes a markdown table to stdout.
 */
import { execFile } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { decideInstructions, instructionsOf } from '../harness/bench/instruction-compare.ts';
import { measure, type MeasureOptions } from '../harness/bench/measure.ts';
import type { RepetitionResult } from '../harness/bench/protocol.ts';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : dflt;
};
const RUNS = Number(arg('runs', '10'));
const SLOW_RUNS = Number(arg('slowdown-runs', '20'));
const FILES = arg('files', 'planner.bench.ts,metrics-store.bench.ts')
  .split(',')
  .map((f) => `suites/bench/${f}`);
const TOLERANCE = 0.01;

const options: MeasureOptions = {
  benchDir: 'suites/bench',
  repetitions: RUNS,
  defaults: { time: 100, warmupTime: 100, iterations: 16, clock: 'instructions' },
  calibrationTime: 100,
  timeoutMs: 60_000,
  onProgress: (done, total, label) =>
    process.stderr.write(`${done}/${total} ${label} (load ${loadavg()[0]!.toFixed(1)})\n`),
};
const pct = (x: number) => `${(x * 100).toFixed(3)}%`;
const spread = (v: number[]) => Math.max(...v) / Math.min(...v) - 1;
const out: string[] = [];
/** Each part is written as soon as it is measured (a long run cut short keeps what it has). */
const flush = () => {
  process.stdout.write(out.join('\n') + '\n');
  out.length = 0;
};
const started = new Date();
out.push(
  `Measured ${started.toISOString()} on ${cpus()[0]?.model ?? 'unknown CPU'} (nproc ${cpus().length}), Node ${process.version}; load average at start ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ')}.`,
  '',
);

// 1. Repeatability.
let t0 = performance.now();
const m = await measure({ root, files: FILES }, options);
const repSeconds = (performance.now() - t0) / 1000;
out.push(`## Repeatability: ${RUNS} processes per benchmark (${repSeconds.toFixed(0)} s)`, '');
out.push(
  '| benchmark | clock | instructions per op (median) | largest relative difference | processes |',
  '|---|---|---|---|---|',
);
for (const b of [...m.benches.values()].sort((x, y) => x.id.localeCompare(y.id))) {
  if (b.errors.length) out.push(`| ${b.id} | - | error: ${b.errors[0]} | - | - |`);
  else if (b.reps[0]?.clock !== 'instructions')
    out.push(`| ${b.id} | ${b.reps[0]?.clock} | (timed, not counted) | - | ${b.reps.length} |`);
  else {
    const v = b.reps.map(instructionsOf).sort((x, y) => x - y);
    out.push(
      `| ${b.id} | instructions | ${v[Math.floor(v.length / 2)]!.toExponential(4)} | ${pct(spread(v))} | ${v.length} |`,
    );
  }
}
const reps = [...m.benches.values()].flatMap((b) => b.reps).filter((r) => r.calibration && r.clock === 'instructions');
const byProcess = new Map<string, RepetitionResult>();
for (const r of reps) byProcess.set(JSON.stringify(r.calibration) + r.cal, r);
const perProcess = [...byProcess.values()];
if (perProcess.length) {
  out.push(
    '',
    'Calibration workloads (counted in each process the way the benchmarks are):',
    '',
    '| workload | instructions per op (median) | largest relative difference |',
    '|---|---|---|',
  );
  for (const w of ['int', 'float', 'alloc', 'memory'] as const) {
    const v = perProcess.map((r) => r.calibration![w]).sort((x, y) => x - y);
    out.push(`| ${w} | ${v[Math.floor(v.length / 2)]!.toExponential(4)} | ${pct(spread(v))} |`);
  }
  const cal = perProcess.map((r) => r.cal).sort((x, y) => x - y);
  out.push(`| sort (cal) | ${cal[Math.floor(cal.length / 2)]!.toExponential(4)} | ${pct(spread(cal))} |`);
}
if (m.fellBack)
  out.push(
    '',
    `Note: instruction clock unavailable (${m.fellBack.reason}): ${m.fellBack.ids.length} benchmark(s) timed on the CPU clock instead`,
  );
if (m.fileErrors.size) out.push('', ...[...m.fileErrors].map(([f, e]) => `File error: ${f}: ${e}`));

flush();

// 2. Injected +2% slowdown against unchanged code (--slowdown-runs 0: not measured).
const slowFile = 'scripts/fixtures/instructions-slowdown.bench.ts';
const side = async (slowdown: number) => {
  const r = await measure(
    { root, files: [slowFile] },
    { ...options, benchDir: 'scripts/fixtures', repetitions: SLOW_RUNS, env: { SLOWDOWN: String(slowdown) } },
  );
  return [...r.benches.values()][0]?.reps ?? [];
};
t0 = performance.now();
if (SLOW_RUNS > 0) {
  const unchanged = await side(0);
  const slowed = await side(0.02);
  const slowSeconds = (performance.now() - t0) / 1000;
  const groups = (r: RepetitionResult[]) =>
    Array.from({ length: Math.floor(r.length / 2) }, (_, i) => r.slice(2 * i, 2 * i + 2));
  const gu = groups(unchanged);
  const gs = groups(slowed);
  const judge = (base: RepetitionResult[][], head: RepetitionResult[][]) =>
    head.map((h, i) => {
      const b = base[i % base.length]!;
      const d = decideInstructions('x', b, h, TOLERANCE);
      const meanRatio = h.reduce((s, r) => s + r.mean, 0) / b.reduce((s, r) => s + r.mean, 0);
      return { d, naive: meanRatio > 1.2 };
    });
  // A/A: group i against group i+1 (disjoint processes).
  const aa = judge(gu.slice(1), gu.slice(0, -1));
  const ab = judge(gu, gs);
  const row = (name: string, rs: ReturnType<typeof judge>) => {
    const ratios = rs.map((r) => r.d.ratio).sort((x, y) => x - y);
    return `| ${name} | ${rs.length} | **${rs.filter((r) => r.d.change === 'regressed').length}/${rs.length}** | ${rs.filter((r) => r.naive).length}/${rs.length} | ${ratios[Math.floor(ratios.length / 2)]?.toFixed(5) ?? '-'} | ${pct(Math.max(0, ...rs.map((r) => r.d.spread)))} |`;
  };
  out.push('', `## +2% CPU-bound slowdown (${SLOW_RUNS} processes per side, ${slowSeconds.toFixed(0)} s)`, '');
  out.push(`Each gate run compares 2 repetitions per side with decideInstructions (tolerance ${TOLERANCE}).`, '');
  out.push(
    '| scenario | runs | gate fails | naive "mean ratio > 1.2" fails | median ratio | largest spread within a side |',
    '|---|---|---|---|---|---|',
  );
  out.push(row('A/A (unchanged vs unchanged)', aa), row('+2% injected', ab));
  const allU = unchanged.map(instructionsOf);
  const allS = slowed.map(instructionsOf);
  if (allU.length && allS.length)
    out.push(
      '',
      `All processes: unchanged ${pct(spread(allU))} apart, +2% ${pct(spread(allS))} apart; median ratio ${(allS.sort((a, b) => a - b)[Math.floor(allS.length / 2)]! / allU.sort((a, b) => a - b)[Math.floor(allU.length / 2)]!).toFixed(5)}.`,
    );
  flush();
}

// 3. The bench suite's wall time on the instruction clock.
if (process.argv.includes('--suite')) {
  t0 = performance.now();
  const r = await promisify(execFile)(process.execPath, ['bin/gauntlet.js', 'bench', '--reporter', 'console'], {
    cwd: root,
    maxBuffer: 1 << 24,
  }).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }));
  const seconds = (performance.now() - t0) / 1000;
  out.push(
    '',
    `## Suite wall time`,
    '',
    `\`gauntlet bench\` (reference suite, instruction clock where valgrind runs): ${seconds.toFixed(1)} s; load average after: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' / ')}.`,
    '',
    '```',
    r.stdout.trim().split('\n').slice(-12).join('\n'),
    '```',
  );
}
out.push(
  '',
  `Load average at end: ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ')}.`,
);
process.stdout.write(out.join('\n') + '\n');
