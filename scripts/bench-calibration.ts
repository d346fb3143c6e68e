/**
 * The bench gate's figures on this machine (issue 12), a thin user of `gauntlet bench --calibrate`
 * (harness/bench/calibrate.ts):
 *
 *   npx tsx scripts/bench-calibration.ts [--runs 20] [--repetitions 5] [--time 30] [--clocks cpu,instructions]
 *     [--fixture] [--concurrent] [--parallel 1] [--out docs/calibration/bench-gate.out.md]
 *
 * Per clock: one reference run of the reference suite (suites/bench/planner.bench.ts), then A/A
 * (--runs unchanged runs judged against it: the false-fail rate) and power (--runs runs each with
 * +2%, +5%, +10% and +20% more work injected into "select 100 candidates (x50)" through the
 * benchmark's own workload parameter PLANNER_BENCH_SLOWDOWN). Beside the gate, the naive rule
 * "mean ratio > 1.2" on the same runs. Writes a markdown table (stdout and --out).
 *
 * --fixture: the small CPU-bound fixture scripts/fixtures/instructions-slowdown.bench.ts instead
 * (one benchmark; SLOWDOWN=0.02 runs 102 rounds of its work instead of 100: an exact +2%). The
 * gate's settings were tuned on the planner file (2026-11-21), never on this fixture: figures on it
 * are reported, not tuned on. --concurrent: after the reference, a clock's scenarios run at once
 * (counted processes do not depend on contention; each scenario counts --parallel processes at once).
 */
import { writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  calibrateBench,
  falseFailsByClock,
  summarizeCalibration,
  type BenchCalibration,
} from '../harness/bench/calibrate.ts';
import { discoverBenchFiles } from '../harness/bench/discover.ts';
import { benchEntrySchema, type BenchFlags } from '../harness/bench/options.ts';
import type { Clock } from '../harness/bench/protocol.ts';
import { suiteContextFor } from '../harness/core/__fixtures__/suite-context.ts';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : dflt;
};
const RUNS = Number(arg('runs', '20'));
const K = Number(arg('repetitions', '5'));
const TIME = Number(arg('time', '30'));
const CLOCKS = arg('clocks', 'cpu,instructions').split(',') as Clock[];
const OUT = resolve(root, arg('out', 'docs/calibration/bench-gate.out.md'));
const FIXTURE = process.argv.includes('--fixture');
const CONCURRENT = process.argv.includes('--concurrent');
const PARALLEL = process.argv.includes('--parallel') ? Number(arg('parallel', '1')) : undefined;
const SUITE = FIXTURE
  ? {
      dir: 'scripts/fixtures',
      file: 'instructions-slowdown.bench.ts',
      target: 'instructions-slowdown > sort and hash (CPU-bound)',
      env: 'SLOWDOWN',
      what: 'scripts/fixtures/instructions-slowdown.bench.ts (1 CPU-bound benchmark: 100 rounds of sorting and hashing 200 numbers; SLOWDOWN adds rounds)',
    }
  : {
      dir: 'suites/bench',
      file: 'planner.bench.ts',
      target: 'planner > select 100 candidates (x50)',
      env: 'PLANNER_BENCH_SLOWDOWN',
      what: 'suites/bench/planner.bench.ts (3 benchmarks; PLANNER_BENCH_SLOWDOWN adds selections to "select 100 candidates (x50)")',
    };
const TARGET = SUITE.target;
const SCENARIOS: Array<[string, number]> = [
  ['A/A (no change)', 0],
  ['+2% injected', 0.02],
  ['+5% injected', 0.05],
  ['+10% injected', 0.1],
  ['+20% injected', 0.2],
];

interface Row {
  clock: Clock;
  scenario: string;
  c: BenchCalibration;
  seconds: number;
  load: number;
}
const rows: Row[] = [];
const t0 = Date.now();
const LOAD0 = loadavg()
  .map((x) => x.toFixed(1))
  .join(' / ');

for (const clock of CLOCKS) {
  const entry = benchEntrySchema.parse({
    kind: 'bench',
    name: 'calibration',
    dir: SUITE.dir,
    files: [SUITE.file],
    repetitions: K,
    time: TIME,
    warmupTime: 100,
    calibrationTime: 30,
    clock,
  });
  const ctx = suiteContextFor<BenchFlags>(root, { flags: {} });
  const files = await discoverBenchFiles(root, entry.dir, entry.files);
  const scenario = async ([name, slowdown]: [string, number], reference?: BenchCalibration['reference']) => {
    const s0 = Date.now();
    const c = await calibrateBench({
      entry,
      ctx,
      files,
      runs: RUNS,
      reference,
      parallel: PARALLEL,
      env: { [SUITE.env]: String(slowdown) },
      onRun: (r, i) =>
        process.stderr.write(
          `${clock} ${name} ${i + 1}/${RUNS}: ${r.confirmed.length ? 'FAIL' : 'pass'} ratio ${r.figures[TARGET]?.ratio.toFixed(4)} (${r.seconds.toFixed(1)} s, load ${loadavg()[0]!.toFixed(1)})\n`,
        ),
    });
    rows.push({ clock, scenario: name, c, seconds: (Date.now() - s0) / 1000, load: loadavg()[0]! });
    rows.sort((a, b) => order(a) - order(b));
    await writeFile(OUT, render(false));
    return c;
  };
  // The A/A scenario measures the reference; the others are judged against the same one.
  const first = await scenario(SCENARIOS[0]!);
  if (CONCURRENT) await Promise.all(SCENARIOS.slice(1).map((x) => scenario(x, first.reference)));
  else for (const x of SCENARIOS.slice(1)) await scenario(x, first.reference);
}
await writeFile(OUT, render(true));
process.stdout.write(render(true));

function order(r: Row): number {
  return CLOCKS.indexOf(r.clock) * 10 + SCENARIOS.findIndex((x) => x[0] === r.scenario);
}

function range(xs: number[]): string {
  const d = Math.abs(xs[0]! - 1) < 0.01 ? 5 : 4;
  return xs.length ? `${Math.min(...xs).toFixed(d)}-${Math.max(...xs).toFixed(d)}` : '-';
}

function med(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2 : NaN;
}

function render(complete: boolean): string {
  const l: string[] = [];
  l.push(`# Bench gate calibration${complete ? '' : ' (in progress: partial results)'}`, '');
  l.push(`Command: \`npx tsx scripts/bench-calibration.ts ${process.argv.slice(2).join(' ')}\``, '');
  l.push(
    `Date ${new Date().toISOString().slice(0, 10)}. Machine: ${cpus()[0]?.model.trim()} x ${cpus().length}, Node ${process.version}, shared with other jobs (load average at the start ${LOAD0}, at the end ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' / ')}). Total ${((Date.now() - t0) / 60000).toFixed(1)} min.`,
    '',
  );
  l.push(
    `Suite: ${SUITE.what}. Gate: alpha 0.01 suite-wide with Holm on the time clocks, tolerance 5%; instruction clock: instructionTolerance 1%; confirmation re-run on. Each run: ${K} process-level repetitions of ${TIME} ms per benchmark after 100 ms of warm-up, judged against one reference run of the same size (\`gauntlet bench --calibrate\`). Slowdowns are injected into "${TARGET}" through ${SUITE.env}. Scenarios ${CONCURRENT ? 'ran concurrently after the reference' : 'ran one after another'}.`,
    '',
  );
  l.push(
    '| clock | scenario | runs | gate: runs failed | flagged before confirmation | naive "mean ratio > 1.2": runs failed | median ratio of the target | its range over the runs | seconds per run (median) |',
  );
  l.push('|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const n = r.c.runs.length;
    const failed = falseFailsByClock(r.c).reduce((s, x) => s + x.failedRuns, 0);
    const anyFailed = r.c.runs.filter((x) => x.confirmed.length > 0).length;
    const naive = r.c.runs.filter((x) => Object.values(x.figures).some((f) => f.mean / f.baseMean > 1.2)).length;
    l.push(
      `| ${r.clock} | ${r.scenario} | ${n} | ${anyFailed}/${n}${failed !== anyFailed ? ` (${failed} by clock)` : ''} | ${r.c.runs.filter((x) => x.flagged.length).length}/${n} | ${naive}/${n} | ${med(r.c.runs.map((x) => x.figures[TARGET]?.ratio ?? NaN)).toFixed(4)} | ${range(r.c.runs.map((x) => x.figures[TARGET]?.ratio ?? NaN))} | ${med(r.c.runs.map((x) => x.seconds)).toFixed(1)} |`,
    );
  }
  l.push(
    '',
    'Per benchmark over the A/A runs: smallest detectable slowdown (time clocks: 80% power at alpha/m from the bootstrap standard error, median over runs), between-run noise (standard deviation of log ratio to the reference over runs) and the largest difference from the reference (for the instruction clock, its repeatability):',
    '',
  );
  l.push('| clock | benchmark | detectable slowdown | between-run noise | largest difference |');
  l.push('|---|---|---|---|---|');
  for (const r of rows.filter((x) => x.scenario === SCENARIOS[0]![0])) {
    for (const b of summarizeCalibration(r.c))
      l.push(
        `| ${r.clock} | ${b.id} | ${Number.isFinite(b.mdePct) ? `${b.mdePct.toFixed(1)}%` : '-'} | ${b.noisePct.toFixed(3)}% | ${b.maxDiffPct.toFixed(3)}% |`,
      );
  }
  return l.join('\n') + '\n';
}
