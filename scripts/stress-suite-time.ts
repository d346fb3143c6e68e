/**
 * Where a stress suite's time goes, and how two checkouts compare: runs `npx gauntlet stress <suite>`
 * as a fresh process in each checkout in turn (A B A B ..., so a change in the host's load falls on
 * both), and prints per run the process's wall time, the suite's own duration, each scenario's load
 * (`wall_ms`) and yardstick rounds (`yardstick_ms`), any confirmation, and the 1-minute load average.
 *
 *   flock /tmp/gauntlet-measure.lock npx tsx scripts/stress-suite-time.ts --dirs /tmp/before,. [--runs 3]
 *     [--suite llm-client] [--seed 1]
 *
 * Medians per checkout at the end. Each checkout judges against its own committed baseline.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { RunReport } from '../harness/core/report.ts';

const { values: args } = parseArgs({
  options: {
    dirs: { type: 'string', default: '.' },
    runs: { type: 'string', default: '3' },
    suite: { type: 'string', default: 'llm-client' },
    seed: { type: 'string' },
  },
});

interface Timing {
  dir: string;
  load1: number;
  wallS: number;
  suiteS: number;
  verdict: string;
  /** Per scenario: load, yardstick rounds and confirmation, s. */
  scenarios: Record<string, { load: number; yardstick: number; confirm: number }>;
}

function runOnce(dir: string): Timing {
  const reports = mkdtempSync(join(tmpdir(), 'gauntlet-stress-time-'));
  const load1 = loadavg()[0]!;
  try {
    const argv = ['gauntlet', 'stress', args.suite, '--reporter', 'json', '--no-history', '--reports', reports];
    if (args.seed) argv.push('--seed', args.seed);
    const t0 = performance.now();
    const r = spawnSync('npx', argv, { cwd: dir, encoding: 'utf8', timeout: 300_000 });
    const wallS = (performance.now() - t0) / 1000;
    if (r.status !== 0 && r.status !== 1)
      throw new Error(`gauntlet exited ${r.status} in ${dir}: ${r.stderr.slice(-2000)}`);
    const report = JSON.parse(readFileSync(join(reports, 'gauntlet.json'), 'utf8')) as RunReport;
    const suite = report.suites.find((s) => s.kind === 'stress' && s.name === args.suite);
    if (!suite) throw new Error(`no stress suite ${args.suite} in the report`);
    const scenarios: Timing['scenarios'] = {};
    for (const [k, v] of Object.entries(suite.metrics ?? {})) {
      const m = /^(.+)\.(wall_ms|yardstick_ms|confirm_ms)$/.exec(k);
      if (!m) continue;
      const s = (scenarios[m[1]!] ??= { load: 0, yardstick: 0, confirm: 0 });
      const key = m[2] === 'wall_ms' ? 'load' : m[2] === 'yardstick_ms' ? 'yardstick' : 'confirm';
      s[key] = Math.round(v) / 1000;
    }
    return { dir, load1, wallS, suiteS: suite.durationMs / 1000, verdict: suite.verdict, scenarios };
  } finally {
    rmSync(reports, { recursive: true, force: true });
  }
}

const dirs = args.dirs.split(',').map((d) => resolve(d));
const all: Timing[] = [];
for (let r = 0; r < Number(args.runs); r++)
  for (const dir of dirs) {
    const t = runOnce(dir);
    all.push(t);
    const sc = Object.entries(t.scenarios)
      .map(
        ([n, s]) =>
          `${n} ${s.load.toFixed(2)}+${s.yardstick.toFixed(2)}${s.confirm ? `+c${s.confirm.toFixed(2)}` : ''}`,
      )
      .join(', ');
    console.log(
      `${dir} load ${t.load1.toFixed(2)}: ${t.verdict}, wall ${t.wallS.toFixed(2)} s, suite ${t.suiteS.toFixed(2)} s (load+yardstick s: ${sc})`,
    );
  }
const median = (xs: number[]) => {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
for (const dir of dirs) {
  const ts = all.filter((t) => t.dir === dir);
  console.log(
    `${dir}: ${ts.length} runs, median wall ${median(ts.map((t) => t.wallS)).toFixed(2)} s, median suite ${median(ts.map((t) => t.suiteS)).toFixed(2)} s, load ${Math.min(...ts.map((t) => t.load1)).toFixed(2)}-${Math.max(...ts.map((t) => t.load1)).toFixed(2)}`,
  );
}
