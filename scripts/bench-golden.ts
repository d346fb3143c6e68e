/**
 * Golden suite performance (measured here, never asserted in a timed test):
 *
 *   npm run bench:golden [-- --runs 5 --calls 20000]
 *
 * 1. Whole golden suite wall time including process start: `node bin/gauntlet.js golden` (JSON reporter
 *    into a temp dir), median of --runs runs, twice: as a developer runs it (the parsed-YAML memo in
 *    node_modules/.cache warm) and as CI runs it (CI=true: no memo, every case parsed cold). Next to
 *    the reference `node bin/gauntlet.js --version` (process start + CLI load) measured in the same
 *    run. Target: < 3 s.
 * 2. Selection latency for 100 candidates (suites/golden/perf-100.json, k = 10), in process: --calls
 *    timed calls with distinct seeds after a warm-up; p50/p95/p99, next to the reference of sorting the
 *    same 100 scores. Target: p95 < 50 µs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { quantile } from '../harness/stats/descriptive.ts';
import { loadPlannerConfig, select, withOverrides, type Candidate, type PlannerConfig } from '../sut/planner/index.ts';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, calls: { type: 'string', default: '20000' } },
});
const RUNS = Number(values.runs);
const CALLS = Number(values.calls);
const ROOT = join(import.meta.dirname, '..');

const median = (xs: number[]) => quantile(xs, 0.5);
const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);

function timeProcess(args: string[], reports?: string, ci = true): { ms: number; code: number | null; report?: any } {
  const env = { ...process.env };
  if (ci) env.CI = 'true';
  else delete env.CI;
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (reports && r.status === 2) {
    console.error(`gauntlet ${args.join(' ')} exited with 2: ${r.stderr.toString().trim()}`);
    process.exit(1);
  }
  const report = reports ? JSON.parse(readFileSync(join(reports, 'gauntlet.json'), 'utf8')) : undefined;
  return { ms, code: r.status, report };
}

console.log(
  `machine: ${cpus()[0]?.model.trim()} x${cpus().length}, Node ${process.version}, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);

// 1. Whole suite, separate processes.
const start: number[] = [];
for (let i = 0; i < RUNS; i++) start.push(timeProcess(['bin/gauntlet.js', '--version']).ms);
for (const ci of [false, true]) {
  const suite: number[] = [];
  const load: number[] = [];
  const run: number[] = [];
  let cases = 0;
  if (!ci)
    timeProcess(
      ['bin/gauntlet.js', 'golden', '--reporter', 'json', '--reports', mkdtempSync(join(tmpdir(), 'bench-golden-'))],
      undefined,
      false,
    ); // warms the memo
  for (let i = 0; i < RUNS; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'bench-golden-'));
    const r = timeProcess(['bin/gauntlet.js', 'golden', '--reporter', 'json', '--reports', dir], dir, ci);
    if (r.code !== 0) console.log(`  run ${i + 1}: exit code ${r.code} (${r.report?.reasons?.join('; ')})`);
    const g = r.report.suites.find((s: { kind: string }) => s.kind === 'golden');
    cases = g.metrics.cases;
    suite.push(r.ms);
    load.push(g.metrics.load_ms);
    run.push(g.metrics.run_ms);
  }
  console.log(
    `\nwhole golden suite (${cases} cases, incl. 10,000-candidate cases), ${ci ? 'CI=true (cold parse)' : 'local (parse memo warm)'}, wall time incl. process start, ${RUNS} runs:`,
  );
  console.log(
    `  node bin/gauntlet.js golden     median ${fmt(median(suite))}  (min ${fmt(Math.min(...suite))}, max ${fmt(Math.max(...suite))})  target < 3 s`,
  );
  console.log(
    `  reference: gauntlet --version   median ${fmt(median(start))}  -> suite / reference = ${(median(suite) / median(start)).toFixed(2)}`,
  );
  console.log(
    `  inside the suite: loading and validating cases ${fmt(median(load))}, running them ${fmt(median(run))} (medians)`,
  );
}

// 2. Selection latency, 100 candidates.
const perf = JSON.parse(readFileSync(join(ROOT, 'suites/golden/perf-100.json'), 'utf8')) as {
  candidates: Candidate[];
  config: Partial<PlannerConfig>;
};
const config = withOverrides(await loadPlannerConfig(), perf.config);
const scores = Float64Array.from(perf.candidates, (c) => c.score);
const timeCalls = (fn: (i: number) => unknown): number[] => {
  for (let i = 0; i < 2000; i++) fn(i); // warm-up (JIT)
  const t = new Array<number>(CALLS);
  for (let i = 0; i < CALLS; i++) {
    const t0 = process.hrtime.bigint();
    fn(i);
    t[i] = Number(process.hrtime.bigint() - t0) / 1e3;
  }
  return t;
};
const sel = timeCalls((i) => select(perf.candidates, config, i));
const ref = timeCalls(() => scores.slice().sort());
const pct = (xs: number[]) => [0.5, 0.95, 0.99].map((q) => quantile(xs, q));
const [s50, s95, s99] = pct(sel);
const [r50, r95, r99] = pct(ref);
console.log(`\nselection of ${perf.candidates.length} candidates (k = ${config.k}), ${CALLS} calls, µs:`);
console.log(
  `  select()                        p50 ${s50!.toFixed(1)}  p95 ${s95!.toFixed(1)}  p99 ${s99!.toFixed(1)}  target p95 < 50 µs`,
);
console.log(
  `  reference: sort 100 floats      p50 ${r50!.toFixed(1)}  p95 ${r95!.toFixed(1)}  p99 ${r99!.toFixed(1)}  -> select / reference p95 = ${(s95! / r95!).toFixed(2)}`,
);
