/**
 * The stress latency gate's confirmation (harness/stress/phases/confirm.ts) as a user meets it: each
 * run is a fresh `npx gauntlet stress llm-client` process on this repository, judged against the
 * committed baseline (baselines/stress-llm-client.json, never re-saved here), its JSON report read back.
 *
 *   npx tsx scripts/stress-confirm-calibration.ts [--runs 8] [--cells aa,quiet-baseline,delay30,delay60]
 *     [--seed-base 9700] [--out docs/calibration/stress-confirm.json]
 *
 * Cells (`--runs` runs each, run r of a cell with `--seed` seed-base + r, cells interleaved run by run
 * so a change in the host's condition falls on all of them):
 * - `aa`: the unchanged suite against the committed baseline (what `npx gauntlet run` does);
 * - `quiet-baseline`: unchanged code against a copy of the committed baseline whose stored log ratios
 *   are lowered by log(1.3), as if it had been saved on a host 30% quieter for the client than for the
 *   yardstick: the stored ratios should flag it and the confirmation should not confirm it;
 * - `delay30`, `delay60`: the head's client made 30% / 60% slower (every call returning that share of
 *   its own duration later: scripts/stress-slowed-client.ts); the baseline commit's client, built
 *   from its own config in a temporary worktree, is unchanged;
 * - any of them with `-nocommit` (e.g. `aa-nocommit`): the baseline's copy names a commit that is not
 *   in the repository, so a flag is confirmed by the head's rounds alone (a shallow clone);
 * - the faults a scenario exists to catch (FAULTS below: one scenario's client options changed, the
 *   rest of the suite as it is), e.g. `breaker-never-opens`, `breaker-late-close`, `chaos-no-timeout`.
 * `--root <checkout>` runs the cells in another checkout of the repository (its own config and
 * baseline), e.g. the commit before a change, so the same cells measure both sides.
 * The altered suites run from a config written next to gauntlet.config.ts for the run and removed
 * after it (the suite's root must be the repository's, for the baseline path and the worktree).
 * Per e2e-latency check it records how it was judged (stored ratios, or same-run from the start
 * because the run was not comparable), whether the stored ratios flagged it, whether the
 * confirmation confirmed it, both shifts, the confirmation's time, and the 1-minute load average.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { RunReport } from '../harness/core/report.ts';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '8' },
    cells: { type: 'string', default: 'aa,quiet-baseline,delay30,delay60' },
    'seed-base': { type: 'string', default: '9700' },
    out: { type: 'string' },
    root: { type: 'string' },
  },
});

const root = execFileSync('git', ['rev-parse', '--show-toplevel'], args.root ? { cwd: args.root } : {})
  .toString()
  .trim();

/**
 * Client defects the scenarios exist to catch: the scenario's client options with these keys replaced
 * (the breaker's merged into the scenario's own breaker settings).
 */
const FAULTS: Record<string, { scenario: string; clientOptions: Record<string, unknown> }> = {
  // A breaker that never trips (the burst fails ~80% of attempts; cockatiel refuses a threshold of 1).
  'breaker-never-opens': { scenario: 'burst-503', clientOptions: { breaker: { threshold: 0.99 } } },
  // A breaker that stays open 6 s before a trial call: it cannot close within the SLO after the burst.
  'breaker-late-close': { scenario: 'burst-503', clientOptions: { breaker: { halfOpenAfterMs: 6000 } } },
  // No retries: the burst's 503s reach the caller (the failure counts against the baseline).
  'burst-no-retry': { scenario: 'burst-503', clientOptions: { maxAttempts: 1 } },
  // A client whose per-attempt timeout is 30 s: a hung call waits for the harness's own deadline.
  'chaos-no-timeout': { scenario: 'chaos', clientOptions: { timeoutMs: 30000 } },
};
const BASELINE = 'baselines/stress-llm-client.json';

/**
 * The config a cell runs, written beside gauntlet.config.ts (undefined: gauntlet.config.ts itself).
 * A cell is `aa`, `quiet-baseline` or `delay<percent>`, optionally with `-nocommit`: the baseline's
 * copy then names a commit that is not in the repository (a shallow clone), so the confirmation can
 * only re-run the head's rounds.
 */
function cellConfig(cell: string): { file?: string; cleanup: () => void } {
  const noCommit = cell.endsWith('-nocommit');
  const kind = cell.replace(/-nocommit$/, '');
  if (kind === 'aa' && !noCommit) return { cleanup: () => {} };
  const tag = `${process.pid}-${cell}`;
  const file = join(root, `gauntlet.calibration-${tag}.config.ts`);
  const extra: string[] = [];
  const made = [file];
  if (kind === 'quiet-baseline' || noCommit) {
    const b = JSON.parse(readFileSync(join(root, BASELINE), 'utf8')) as {
      provenance: { gitCommit?: string };
      scenarios: Record<string, { yardstick?: { logRatios: number[] } }>;
    };
    if (kind === 'quiet-baseline')
      for (const sc of Object.values(b.scenarios))
        if (sc.yardstick) sc.yardstick.logRatios = sc.yardstick.logRatios.map((r) => r - Math.log(1.3));
    if (noCommit) b.provenance.gitCommit = 'deadbeef'.repeat(5);
    const copy = `baselines/.calibration-${tag}.json`;
    writeFileSync(join(root, copy), JSON.stringify(b));
    made.push(join(root, copy));
    extra.push(`baseline: ${JSON.stringify(copy)}`);
  }
  const m = /^delay(\d+)$/.exec(kind);
  const fault = FAULTS[kind];
  if (m) extra.push(`client: slowedClient('delay', 0, ${Number(m[1]) / 100})`);
  else if (fault) {
    const { breaker, ...rest } = fault.clientOptions;
    const merged = `{ ...sc.clientOptions, ...${JSON.stringify(rest)}${breaker ? `, breaker: { ...sc.clientOptions?.breaker, ...${JSON.stringify(breaker)} }` : ''} }`;
    extra.push(
      `scenarios: s.scenarios.map((sc) => (sc.name === ${JSON.stringify(fault.scenario)} ? { ...sc, clientOptions: ${merged} } : sc))`,
    );
  } else if (kind !== 'aa' && kind !== 'quiet-baseline') throw new Error(`unknown cell ${cell}`);
  writeFileSync(
    file,
    `import config from './gauntlet.config.ts';\nimport { slowedClient } from './scripts/stress-slowed-client.ts';\n` +
      `export default { ...config, suites: config.suites.map((s) => (s.kind === 'stress' && s.name === 'llm-client' ? { ...s, ${extra.join(', ')} } : s)) };\n`,
  );
  return { file, cleanup: () => made.forEach((f) => rmSync(f, { force: true })) };
}

interface CheckFigures {
  scenario: string;
  basis: 'stored' | 'same-run' | 'other';
  verdict: string;
  flagged: boolean;
  confirmed?: boolean;
  /** What the confirmation concluded: the first words of the check's reason. */
  outcome?: string;
  shiftPct?: number;
  confirmUpperPct?: number;
  /** The yardstick's median call time over the baseline's, in the first rounds (and in a head-only re-run). */
  yardstickSpeed?: number;
  confirmYardstickSpeed?: number;
  confirmShiftPct?: number;
  confirmMs?: number;
}

interface RunFigures {
  cell: string;
  seed: number;
  load1: number;
  verdict: string;
  suiteMs: number;
  checks: CheckFigures[];
  /** Every check of the suite that failed (any kind: SLO, resilience, baseline), by name. */
  failed: string[];
}

function figuresOf(report: RunReport): Pick<RunFigures, 'verdict' | 'suiteMs' | 'checks' | 'failed'> {
  const suite = report.suites.find((s) => s.kind === 'stress' && s.name === 'llm-client');
  if (!suite) throw new Error('no llm-client stress suite in the report');
  const checks = suite.checks
    .filter((c) => c.name.endsWith('/baseline:e2e-latency'))
    .map((c): CheckFigures => {
      const d = (c.details ?? {}) as Record<string, unknown>;
      const confirmed = typeof d.confirmed === 'boolean' ? d.confirmed : undefined;
      const basis = 'against' in d ? 'same-run' : d.gate === 'yardstick' ? 'stored' : 'other';
      return {
        scenario: c.name.split('/')[0]!,
        basis,
        verdict: c.verdict,
        flagged: confirmed !== undefined || (basis === 'stored' && c.verdict === 'fail'),
        ...(confirmed !== undefined ? { confirmed, outcome: /^[^:]*/.exec(c.reasons[0] ?? '')![0] } : {}),
        ...(c.metrics?.shift_pct !== undefined ? { shiftPct: c.metrics.shift_pct } : {}),
        ...(c.metrics?.confirm_shift_pct !== undefined ? { confirmShiftPct: c.metrics.confirm_shift_pct } : {}),
        ...(c.metrics?.confirm_ms !== undefined ? { confirmMs: c.metrics.confirm_ms } : {}),
        ...(c.metrics?.confirm_shift_upper_pct !== undefined
          ? { confirmUpperPct: c.metrics.confirm_shift_upper_pct }
          : {}),
        ...(basis === 'stored' && c.metrics?.yardstick_median_ms && c.metrics.baseline_yardstick_median_ms
          ? { yardstickSpeed: c.metrics.yardstick_median_ms / c.metrics.baseline_yardstick_median_ms }
          : {}),
        ...(c.metrics?.confirm_yardstick_speed !== undefined
          ? { confirmYardstickSpeed: c.metrics.confirm_yardstick_speed }
          : {}),
      };
    });
  const failed = suite.checks.filter((c) => c.verdict === 'fail' || c.verdict === 'error').map((c) => c.name);
  return { verdict: suite.verdict, suiteMs: suite.durationMs, checks, failed };
}

function runOnce(cell: string, seed: number): RunFigures {
  const cfg = cellConfig(cell);
  const reports = mkdtempSync(join(tmpdir(), 'gauntlet-confirm-cal-'));
  const load1 = loadavg()[0]!;
  try {
    const argv = ['gauntlet', 'stress', 'llm-client', '--seed', String(seed), '--reports', reports];
    argv.push('--reporter', 'json', '--no-history', ...(cfg.file ? ['--config', cfg.file] : []));
    const r = spawnSync('npx', argv, { cwd: root, encoding: 'utf8', timeout: 600_000 });
    if (r.status !== 0 && r.status !== 1) throw new Error(`gauntlet exited ${r.status}: ${r.stderr.slice(-2000)}`);
    const report = JSON.parse(readFileSync(join(reports, 'gauntlet.json'), 'utf8')) as RunReport;
    return { cell, seed, load1: Math.round(load1 * 100) / 100, ...figuresOf(report) };
  } finally {
    cfg.cleanup();
    rmSync(reports, { recursive: true, force: true });
  }
}

const cells = args.cells.split(',');
const runs: RunFigures[] = [];
const uptime = () => execFileSync('uptime').toString().trim();
console.error(`start ${new Date().toISOString()} ${uptime()}`);
for (let r = 1; r <= Number(args.runs); r++)
  for (const cell of cells) {
    const fig = runOnce(cell, Number(args['seed-base']) + r);
    runs.push(fig);
    const c = fig.checks.map(
      (x) =>
        `${x.scenario}:${x.basis}${x.flagged ? `/flag ${x.shiftPct?.toFixed(1)}%->${x.confirmed ? 'CONFIRMED' : x.outcome} ${x.confirmShiftPct?.toFixed(1)}% (<${x.confirmUpperPct?.toFixed(1)}%) ${x.confirmMs}ms` : ` ${x.shiftPct?.toFixed(1)}%`} y${x.yardstickSpeed?.toFixed(2) ?? '-'}`,
    );
    console.error(`${cell} seed ${fig.seed} load ${fig.load1} ${fig.verdict} ${fig.suiteMs}ms ${c.join(' ')}`);
    if (fig.failed.length) console.error(`  failed: ${fig.failed.join(', ')}`);
  }
console.error(`end ${new Date().toISOString()} ${uptime()}`);

const med = (xs: number[]) => {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length ? s[s.length >> 1]! : NaN;
};
const rows = cells.map((cell) => {
  const rs = runs.filter((r) => r.cell === cell);
  const checks = rs.flatMap((r) => r.checks);
  const flagged = checks.filter((c) => c.flagged);
  const confirmMs = rs.map((r) => r.checks.reduce((s, c) => s + (c.confirmMs ?? 0), 0));
  return {
    cell,
    runs: rs.length,
    failedRuns: rs.filter((r) => r.verdict === 'fail').length,
    failedChecks: Object.fromEntries(
      [...new Set(rs.flatMap((r) => r.failed))].map((n) => [n, rs.filter((r) => r.failed.includes(n)).length]),
    ),
    checks: checks.length,
    sameRunFromStart: checks.filter((c) => c.basis === 'same-run').length,
    sameRunFailed: checks.filter((c) => c.basis === 'same-run' && c.verdict === 'fail').length,
    storedFlagged: flagged.length,
    confirmed: flagged.filter((c) => c.confirmed).length,
    outcomes: Object.fromEntries(
      [...new Set(flagged.map((c) => c.outcome ?? '?'))].map((o) => [o, flagged.filter((c) => c.outcome === o).length]),
    ),
    yardstickSpeedRange: [
      Math.min(...checks.filter((c) => c.yardstickSpeed).map((c) => c.yardstickSpeed!)),
      Math.max(...checks.filter((c) => c.yardstickSpeed).map((c) => c.yardstickSpeed!)),
    ],
    storedShiftMedianPct: med(checks.filter((c) => c.shiftPct !== undefined).map((c) => c.shiftPct!)),
    confirmShiftMedianPct: med(flagged.filter((c) => c.confirmShiftPct !== undefined).map((c) => c.confirmShiftPct!)),
    confirmSecondsPerRunMedian: med(confirmMs) / 1000,
    confirmSecondsPerRunMax: Math.max(...confirmMs) / 1000,
    suiteSecondsMedian: med(rs.map((r) => r.suiteMs)) / 1000,
    load1: [Math.min(...rs.map((r) => r.load1)), Math.max(...rs.map((r) => r.load1))],
  };
});
console.log(JSON.stringify(rows, null, 2));
if (args.out) writeFileSync(args.out, JSON.stringify({ date: new Date().toISOString(), rows, runs }, null, 2) + '\n');
