/**
 * The stress latency gate with a baseline saved on a faster, quieter machine: today's rule (the head's
 * client / yardstick ratios against the stored ones) beside the new one (comparability.ts decides; when
 * the stored ratios are not comparable, the baseline commit's client is measured in the same rounds and
 * the head is judged against it: latency-gate.ts, phases/latency-basis.ts).
 *
 *   npx tsx scripts/stress-gate-remeasure.ts [--runs 10] [--seed-base 9100] [--cells slow-aa,slow-delay,hog-aa,hog-delay]
 *     [--hogs 3] [--baseline /tmp/remeasure-base.json] [--out docs/calibration/stress-gate-remeasure.json]
 *
 * One baseline from a quiet, unpinned run (seed `--seed-base`, stored in `--baseline` and reused by
 * later invocations, so a batch can run in short locked stretches). Cells, `--runs` runs each (seeds
 * seed-base + 1 ...), every run a fresh process doing what the suite does (the scenario's load, then
 * the yardstick rounds at the suite's defaults, here always with the unchanged reference client as
 * the baseline commit's client beside the head, so both rules judge every run):
 * - `slow-*`: the run pinned to core 0 (`taskset -c 0`) beside `--hogs` busy loops pinned there: a
 *   machine with one core, a quarter of it free (the simulated "other machine" of part A3);
 * - `hog-*`: unpinned, one busy loop per core beside it (this machine, busy);
 * - `quiet-*`: unpinned, nothing of ours beside it.
 * `aa` is the unchanged client, `delay` the client made 25% slower (stress-slowed-client.ts).
 * The baseline commit's client is built as the suite builds it (reference-commit.ts): the commit
 * `--reference-commit` (default HEAD) checked out into a temporary git worktree by each run, its
 * `gauntlet.config.ts` imported there and its `llm-client` suite's client factory used, so it is a
 * separate copy of the code, JIT-cold but for its warm-up round, as in `gauntlet stress`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { realClock } from '../harness/core/clock.ts';
import {
  conditionDifferences,
  currentMachine,
  machineDifferences,
  type StressMachine,
} from '../harness/stress/comparability.ts';
import type { LatencyBasis } from '../harness/stress/latency-gate.ts';
import { quantileSample } from '../harness/stress/latency-summary.ts';
import { openReferenceCommit } from '../harness/stress/reference-commit.ts';
import { DEFAULT_CALL_TIMEOUT_MS, resolveProfile, runScenario } from '../harness/stress/run-scenario.ts';
import { compareWithBaseline, type ScenarioBaseline } from '../harness/stress/stress-baseline.ts';
import { scenarioSchema, stressEntrySchema } from '../harness/stress/suite-schema.ts';
import { measureYardstick } from '../harness/stress/yardstick/measure-yardstick.ts';
import { defaultStressScenarios } from '../suites/stress/scenarios.ts';
import { referenceClientFactory } from '../sut/llm-client/factory.ts';
import { slowedClient } from './stress-slowed-client.ts';
import { busyLoops, scenarioChildJson, stopLoops } from './child-processes.ts';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '10' },
    'seed-base': { type: 'string', default: '9100' },
    /** The cells' first seed (default seed-base + 1): another stretch of runs against the same baseline. */
    'first-seed': { type: 'string' },
    scenario: { type: 'string', default: 'steady-1000' },
    cells: { type: 'string', default: 'slow-aa,slow-delay,hog-aa,hog-delay' },
    hogs: { type: 'string', default: '3' },
    baseline: { type: 'string' },
    out: { type: 'string' },
    /** Internal: measure one run in this (fresh) process and print it as JSON. */
    child: { type: 'string' },
    mode: { type: 'string', default: 'aa' },
    /** The commit whose `llm-client` suite's client stands for the baseline commit's (default: HEAD). */
    'reference-commit': { type: 'string' },
  },
});
const suite = stressEntrySchema.parse({
  kind: 'stress',
  name: 'remeasure',
  client: referenceClientFactory,
  scenarios: [{ name: 'x', profile: 'x' }],
});
const input = defaultStressScenarios.find((s) => s.name === args.scenario);
if (!input) throw new Error(`no default scenario '${args.scenario}'`);
const sc = scenarioSchema.parse(input);

/** A run's record, the machine it ran on, and the baseline commit's client's rounds when measured. */
type Measured = ScenarioBaseline & { machine: StressMachine; reference?: { logRatios: number[]; headMs: number[] } };

async function measureHere(mode: string, seed: number, commit: string | undefined): Promise<Measured> {
  const profile = await resolveProfile(sc.profile, process.cwd(), sc.name);
  const signal = new AbortController().signal;
  const out = await runScenario(sc, profile, {
    factory: slowedClient(mode),
    clientOptions: {},
    seed,
    clock: realClock,
    signal,
    rootDir: process.cwd(),
  });
  const source = {
    clientOptions: sc.clientOptions ?? {},
    seed,
    clock: realClock,
    callTimeoutMs: sc.slo.e2eMs ?? DEFAULT_CALL_TIMEOUT_MS,
  };
  const ref = commit ? await openReferenceCommit(process.cwd(), commit, 'llm-client', (c) => c) : undefined;
  const y0 = performance.now();
  const y = await measureYardstick(
    { ...suite.yardstick, stream: sc.stream, completionTokens: profile.completionTokens },
    {
      ...source,
      factory: slowedClient(mode),
      signal,
      cpuMatch: null, // the suite's default: the bare yardstick
      ...(ref ? { reference: { ...source, factory: ref.factory, clientOptions: ref.clientOptions(sc.name) } } : {}),
    },
  ).finally(() => ref?.dispose());
  const { reference, ...own } = y;
  return {
    calls: out.results.calls,
    e2eSample: quantileSample(out.e2e),
    ttftSample: quantileSample(out.ttft),
    metrics: { yardstick_ms: performance.now() - y0 },
    failures: {},
    ...(out.contention ? { contention: out.contention } : {}),
    yardstick: { ...suite.yardstick, ...own },
    machine: currentMachine(),
    ...(reference ? { reference } : {}),
  };
}

if (args.child !== undefined) {
  process.stdout.write(JSON.stringify(await measureHere(args.mode, Number(args.child), args['reference-commit'])));
  process.exit(0);
}

/** One run in a fresh process (a cold JIT, as in `gauntlet run`), pinned to core 0 when `slow`. */
function measure(mode: string, seed: number, o: { slow: boolean; reference: boolean }): Promise<Measured> {
  return scenarioChildJson<Measured>(
    import.meta.filename,
    { seed, scenario: sc.name, mode, extra: o.reference ? ['--reference-commit', referenceCommit] : [] },
    { timeoutMs: 600_000, pinned: o.slow },
  );
}

const policy = {
  alpha: suite.alpha,
  latencyFloorMs: suite.latencyFloorMs,
  latencyTolerance: 2,
  latencyGate: 'yardstick' as const,
  yardstickTolerance: suite.yardstickTolerance,
  yardstickAlpha: suite.yardstickAlpha,
};
const latency = (base: ScenarioBaseline, now: ScenarioBaseline, basis?: LatencyBasis) =>
  compareWithBaseline(sc.name, base, now, policy, basis).find((c) => c.name.endsWith('/baseline:e2e-latency'))!;

function judge(base: Measured, now: Measured) {
  const provenance = { date: '', node: base.machine.node, cpu: base.machine.cpu, platform: '' };
  const why = [
    ...machineDifferences({ machine: base.machine, provenance }, now.machine),
    ...conditionDifferences(base.contention, now.contention),
  ];
  const sameRun: LatencyBasis = {
    kind: 'same-run',
    label: 'baseline commit',
    why: why.join('; ') || 'calibration',
    logRatios: now.reference!.logRatios,
    headMs: now.reference!.headMs,
  };
  const today = latency(base, now);
  const always = latency(base, now, sameRun);
  const remeasured = why.length > 0;
  const chosen = remeasured ? always : today;
  const unreachable = remeasured
    ? latency(base, now, { kind: 'not-comparable', why, unmeasured: 'its commit is not in this repository' })
    : today;
  const pct = (c: typeof today) => c.metrics?.shift_pct;
  return {
    /** Today's rule: the stored ratios, whatever the conditions. */
    todayFails: today.verdict === 'fail',
    todayShiftPct: pct(today),
    todayP: today.metrics?.p_value,
    /** The new rule as the suite applies it (baseline commit reachable). */
    newFails: chosen.verdict === 'fail',
    remeasured,
    why,
    /** The new rule with the baseline commit not in the repository: warnings where not comparable. */
    unreachableVerdict: unreachable.verdict,
    /** The same-run comparison, computed on every run for information. */
    sameRunFails: always.verdict === 'fail',
    sameRunShiftPct: pct(always),
    sameRunP: always.metrics?.p_value,
    contention: now.contention?.factor,
    cores: now.machine.cores,
    ratio: today.metrics?.ratio,
    referenceRatio: Math.exp(median(now.reference!.logRatios)),
    headRoundMs: median(now.yardstick?.headMs ?? []),
    gateMs: now.metrics.yardstick_ms ?? NaN,
  };
}

const seedBase = Number(args['seed-base']);
const referenceCommit = execFileSync('git', ['rev-parse', args['reference-commit'] ?? 'HEAD'])
  .toString()
  .trim();
async function baselineRun(): Promise<Measured> {
  if (args.baseline && existsSync(args.baseline)) return JSON.parse(readFileSync(args.baseline, 'utf8')) as Measured;
  const base = await measure('aa', seedBase, { slow: false, reference: false });
  if (args.baseline) writeFileSync(args.baseline, JSON.stringify(base) + '\n');
  return base;
}
const base = await baselineRun();
console.log(
  `baseline (seed ${seedBase}): ${base.machine.cores} cores, contention x${base.contention?.factor.toFixed(2)}, ratio x${Math.exp(median(base.yardstick?.logRatios ?? [])).toFixed(3)}, client ${median(base.yardstick?.headMs ?? []).toFixed(3)} ms in the rounds; load ${loadavg()[0]?.toFixed(2)}`,
);

// A later invocation (another locked stretch) adds its cells to the same file.
const prior =
  args.out && existsSync(args.out)
    ? (JSON.parse(readFileSync(args.out, 'utf8')) as { started?: string; cells?: Cell[] })
    : {};
const started = prior.started ?? new Date().toISOString();
type Cell = { cell: string; rows: Array<ReturnType<typeof judge> & { seed: number; load1: number }> };
const cells: Cell[] = prior.cells ?? [];
for (const cell of args.cells.split(',')) {
  const [where, mode] = cell.split('-') as [string, string];
  if (!['slow', 'hog', 'quiet'].includes(where) || !['aa', 'delay'].includes(mode))
    throw new Error(`unknown cell '${cell}'`);
  const hogs =
    where === 'slow'
      ? busyLoops(Number(args.hogs), true)
      : where === 'hog'
        ? busyLoops(availableParallelism(), false)
        : [];
  const rows: Cell['rows'] = [];
  try {
    for (let i = 0; i < Number(args.runs); i++) {
      const seed = Number(args['first-seed'] ?? seedBase + 1) + i;
      const now = await measure(mode, seed, { slow: where === 'slow', reference: true });
      const row = { seed, load1: loadavg()[0] ?? NaN, ...judge(base, now) };
      rows.push(row);
      const flag = (f: boolean) => (f ? 'FAIL' : 'pass');
      console.log(
        `${cell} #${i + 1} (seed ${seed}): ${row.cores} cores, contention x${row.contention?.toFixed(2)}, ratio x${row.ratio?.toFixed(3)} (baseline commit's client now x${row.referenceRatio.toFixed(3)}); today ${row.todayShiftPct?.toFixed(1)}% (p ${row.todayP?.toExponential(1)}) ${flag(row.todayFails)}; new ${row.remeasured ? 're-measured' : 'stored'} ${flag(row.newFails)} (same-run ${row.sameRunShiftPct?.toFixed(1)}% p ${row.sameRunP?.toExponential(1)}); unreachable: ${row.unreachableVerdict}; gate ${row.gateMs.toFixed(0)} ms, load ${row.load1.toFixed(1)}`,
      );
    }
  } finally {
    stopLoops(hogs);
  }
  cells.push({ cell, rows });
  write();
}
console.table(summarize());

function summarize() {
  const share = (xs: boolean[]) => `${xs.filter(Boolean).length}/${xs.length}`;
  const range = (xs: Array<number | undefined>) => {
    const f = xs.filter((x): x is number => Number.isFinite(x));
    return `${median(f).toFixed(1)} (${Math.min(...f).toFixed(1)} to ${Math.max(...f).toFixed(1)})`;
  };
  return cells.map((c) => ({
    cell: c.cell,
    runs: c.rows.length,
    seeds: `${c.rows[0]?.seed}-${c.rows.at(-1)?.seed}`,
    today: share(c.rows.map((r) => r.todayFails)),
    new: share(c.rows.map((r) => r.newFails)),
    remeasured: share(c.rows.map((r) => r.remeasured)),
    unreachableWarn: share(c.rows.map((r) => r.unreachableVerdict === 'warn')),
    sameRunAlways: share(c.rows.map((r) => r.sameRunFails)),
    todayShiftPct: range(c.rows.map((r) => r.todayShiftPct)),
    sameRunShiftPct: range(c.rows.map((r) => r.sameRunShiftPct)),
    contention: range(c.rows.map((r) => r.contention)),
    gateMs: median(c.rows.map((r) => r.gateMs)).toFixed(0),
    load1: range(c.rows.map((r) => r.load1)),
  }));
}

function write() {
  if (!args.out) return;
  const baseline = {
    seed: seedBase,
    machine: base.machine,
    contention: base.contention,
    ratio: Math.exp(median(base.yardstick?.logRatios ?? [])),
  };
  writeFileSync(
    args.out,
    JSON.stringify(
      {
        started,
        finished: new Date().toISOString(),
        scenario: sc.name,
        yardstick: suite.yardstick,
        policy,
        baseline,
        summary: summarize(),
        cells,
      },
      null,
      2,
    ) + '\n',
  );
}

function median(xs: readonly number[]): number {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : NaN;
}
