/**
 * False-alarm rate and power of the stress latency gate: the CPU-matched yardstick rule (opt-in,
 * yardstickCpuMatch) beside the bare yardstick rule (the default), the contention rule and the absolute rule
 * (latencyTolerance 2): `npx tsx scripts/stress-gate-calibration.ts [--runs 20] [--scenario steady-1000]
 * [--seed-base 3000] [--tolerances 0.15,0.1,0.2] [--cells aa,delay,cpu] [--hog both|no|only]
 * [--baseline file.json] [--out docs/calibration/stress-gate.json]`.
 *
 * Every run is a fresh process (a cold JIT, as in `gauntlet run`) that drives the scenario's load and
 * then the yardstick rounds, as the suite does, with the bare yardstick measured in the same rounds too
 * (plain, head, matched; then matched, head, plain), so both yardstick rules judge the same run.
 * One baseline from a quiet run (as a user would save it; it calibrates the CPU match); `--baseline`
 * stores it in a file on the first invocation and reuses it after, so a batch can be run in cells.
 * Then, for each cell (A/A, +25% delay or +25% CPU; quiet or with a CPU hog of one busy loop per core
 * beside it), `--runs` runs are judged against it by every rule. "+25% delay": the reference client
 * wrapped so that every call returns 25% later than it would have (a quarter of its own duration: a
 * timer for all but the last ms, then a busy wait, so sub-millisecond calls are delayed precisely too).
 * "+25% CPU": every call then does a fixed amount of CPU work, a quarter of the client's median call
 * in the quiet baseline's yardstick rounds (a loop of a fixed iteration count, timed once here).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { realClock } from '../harness/core/clock.ts';
import type { StressClientFactory } from '../harness/stress/client-contract.ts';
import { quantileSample } from '../harness/stress/latency-summary.ts';
import { DEFAULT_CALL_TIMEOUT_MS, resolveProfile, runScenario } from '../harness/stress/run-scenario.ts';
import { compareWithBaseline, type ScenarioBaseline } from '../harness/stress/stress-baseline.ts';
import { scenarioSchema, stressEntrySchema } from '../harness/stress/suite-schema.ts';
import type { CpuMatch } from '../harness/stress/yardstick/matched-work.ts';
import { measureYardstick } from '../harness/stress/yardstick/measure-yardstick.ts';
import { defaultStressScenarios } from '../suites/stress/scenarios.ts';
import { referenceClientFactory } from '../sut/llm-client/factory.ts';
import { busyLoops, scenarioChildJson, stopLoops } from './child-processes.ts';
import { slowedClient, spin } from './stress-slowed-client.ts';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '20' },
    scenario: { type: 'string', default: 'steady-1000' },
    /** Contention rule's tolerance. */
    tolerance: { type: 'string', default: '0.2' },
    /** Yardstick rule's tolerances to judge by (the first is the headline). */
    tolerances: { type: 'string', default: '0.15,0.1,0.2' },
    'seed-base': { type: 'string', default: '3000' },
    cells: { type: 'string', default: 'aa,delay,cpu' },
    hog: { type: 'string', default: 'both' },
    out: { type: 'string' },
    baseline: { type: 'string' },
    /** Internal: measure one run in this (fresh) process and print it as JSON. */
    child: { type: 'string' },
    mode: { type: 'string', default: 'aa' },
    'cpu-iters': { type: 'string', default: '0' },
    /** Internal: the baseline's CPU match (JSON) for the child to reuse; absent: calibrate. */
    'cpu-match': { type: 'string' },
  },
});
const runs = Number(args.runs);
const tolerance = Number(args.tolerance);
const tolerances = args.tolerances.split(',').map(Number);
/** The suite's defaults: the gate exactly as `gauntlet run` measures and judges it. */
const suite = stressEntrySchema.parse({
  kind: 'stress',
  name: 'calibration',
  client: referenceClientFactory,
  scenarios: [{ name: 'x', profile: 'x' }],
});
const seedBase = Number(args['seed-base']);
const input = defaultStressScenarios.find((s) => s.name === args.scenario);
if (!input) throw new Error(`no default scenario '${args.scenario}'`);
const sc = scenarioSchema.parse(input);
const profile = await resolveProfile(sc.profile, process.cwd(), sc.name);

let sink = 0;

/** A run's record plus the bare yardstick's rounds, measured interleaved with the matched ones. */
type Measured = ScenarioBaseline & { plainLogRatios?: number[]; plainMs?: number[] };

async function measureHere(factory: StressClientFactory, seed: number, cpuMatch?: CpuMatch): Promise<Measured> {
  const out = await runScenario(sc, profile, {
    factory,
    clientOptions: {},
    seed,
    clock: realClock,
    signal: new AbortController().signal,
    rootDir: process.cwd(),
  });
  const y0 = performance.now();
  const yardstick = await measureYardstick(
    { ...suite.yardstick, stream: sc.stream, completionTokens: profile.completionTokens },
    {
      factory,
      clientOptions: sc.clientOptions ?? {},
      seed,
      clock: realClock,
      signal: new AbortController().signal,
      callTimeoutMs: sc.slo.e2eMs ?? DEFAULT_CALL_TIMEOUT_MS,
      plainToo: true,
      ...(cpuMatch ? { cpuMatch } : {}),
    },
  );
  const { plainLogRatios, plainMs, ...matched } = yardstick;
  return {
    calls: out.results.calls,
    e2eSample: quantileSample(out.e2e),
    ttftSample: quantileSample(out.ttft),
    metrics: { yardstick_ms: performance.now() - y0 },
    failures: {},
    ...(out.contention ? { contention: out.contention } : {}),
    yardstick: { ...suite.yardstick, ...matched },
    ...(plainLogRatios ? { plainLogRatios } : {}),
    ...(plainMs ? { plainMs } : {}),
  };
}

/** The same run as the bare yardstick rule sees it (the default before the CPU match). */
function bare(r: Measured): ScenarioBaseline {
  if (!r.yardstick || !r.plainLogRatios || !r.plainMs) return r;
  const { cpuMatch: _, ...y } = r.yardstick;
  return { ...r, yardstick: { ...y, logRatios: r.plainLogRatios, yardstickMs: r.plainMs } };
}

/** One run in a fresh process, as `gauntlet run` does it (a cold JIT each time, like the real suite's first scenario). */
function measure(mode: string, seed: number, cpuIters = 0, cpuMatch?: CpuMatch): Promise<Measured> {
  return scenarioChildJson<Measured>(
    import.meta.filename,
    {
      seed,
      scenario: sc.name,
      mode,
      extra: ['--cpu-iters', String(cpuIters), ...(cpuMatch ? ['--cpu-match', JSON.stringify(cpuMatch)] : [])],
    },
    { timeoutMs: 180_000 },
  );
}

if (args.child !== undefined) {
  process.stdout.write(
    JSON.stringify(
      await measureHere(
        slowedClient(args.mode, Number(args['cpu-iters'])),
        Number(args.child),
        args['cpu-match'] ? (JSON.parse(args['cpu-match']) as CpuMatch) : undefined,
      ),
    ),
  );
  process.exit(0);
}

/** The run's e2e latency check by one rule. */
function latencyCheck(
  base: ScenarioBaseline,
  now: ScenarioBaseline,
  policy: Parameters<typeof compareWithBaseline>[3],
) {
  return compareWithBaseline(sc.name, base, now, policy).find((c) => c.name.endsWith('/baseline:e2e-latency'));
}

const judge = (base: Measured, now: Measured) => {
  const common = { alpha: suite.alpha, latencyFloorMs: suite.latencyFloorMs, latencyTolerance: 2 };
  const absolute = latencyCheck(base, now, { ...common, latencyGate: 'absolute' });
  const contention = latencyCheck(base, now, { ...common, latencyGate: 'contention', contentionTolerance: tolerance });
  const yardstick = tolerances.map((t) =>
    latencyCheck(base, now, {
      ...common,
      latencyGate: 'yardstick',
      yardstickTolerance: t,
      yardstickAlpha: suite.yardstickAlpha,
    }),
  );
  const plain = tolerances.map((t) =>
    latencyCheck(bare(base), bare(now), {
      ...common,
      latencyGate: 'yardstick',
      yardstickTolerance: t,
      yardstickAlpha: suite.yardstickAlpha,
    }),
  );
  return {
    absoluteFails: absolute?.verdict === 'fail',
    /** The bare yardstick rule, one per --tolerances value. */
    plainFails: plain.map((c) => c?.verdict === 'fail'),
    plainShiftPct: plain[0]?.metrics?.shift_pct,
    plainP: plain[0]?.metrics?.p_value,
    plainRatio: plain[0]?.metrics?.ratio,
    contentionFails: contention?.verdict === 'fail',
    /** One per --tolerances value. */
    yardstickFails: yardstick.map((c) => c?.verdict === 'fail'),
    absoluteShiftPct: absolute?.metrics?.shift_pct,
    contentionShiftPct: contention?.metrics?.shift_pct,
    yardstickShiftPct: yardstick[0]?.metrics?.shift_pct,
    yardstickP: yardstick[0]?.metrics?.p_value,
    ratio: yardstick[0]?.metrics?.ratio,
    headMedianMs: yardstick[0]?.metrics?.head_median_ms,
    yardstickMedianMs: yardstick[0]?.metrics?.yardstick_median_ms,
    gateMs: now.metrics.yardstick_ms,
    logRatios: now.yardstick?.logRatios,
    plainLogRatios: now.plainLogRatios,
    matchedIterations: now.yardstick?.cpuMatch?.iterations,
    contention: now.contention?.factor,
    clientMedianMs: now.e2eSample[Math.floor(now.e2eSample.length / 2)],
  };
};

/** How many iterations of spin() take `ms` of CPU here (median of 7 timings after a warm-up). */
function itersFor(ms: number): number {
  const n = 2_000_000;
  for (let i = 0; i < 3; i++) sink += spin(n);
  const t: number[] = [];
  for (let i = 0; i < 7; i++) {
    const u0 = process.cpuUsage();
    sink += spin(n);
    const u = process.cpuUsage(u0);
    t.push((u.user + u.system) / 1000);
  }
  return Math.round((n / median(t)) * ms);
}

const started = new Date().toISOString();
const load0 = loadavg()[0] ?? NaN;
/** The quiet baseline and the +25% CPU cost derived from it, measured once (and reused from `--baseline`). */
async function baselineRun(): Promise<{ base: Measured; cpuMs: number; cpuIters: number }> {
  if (args.baseline && existsSync(args.baseline))
    return JSON.parse(readFileSync(args.baseline, 'utf8')) as { base: Measured; cpuMs: number; cpuIters: number };
  const base = await measure('aa', seedBase);
  const cpuMs = median(base.yardstick?.headMs ?? []) * 0.25;
  const out = { base, cpuMs, cpuIters: itersFor(cpuMs) };
  if (args.baseline) writeFileSync(args.baseline, JSON.stringify(out) + '\n');
  return out;
}
const { base, cpuMs, cpuIters } = await baselineRun();
const baseHeadMs = median(base.yardstick?.headMs ?? []);
const baseMatch = base.yardstick?.cpuMatch;
if (!baseMatch) throw new Error('the baseline run did not calibrate a CPU match');
console.log(
  `baseline: client median ${base.e2eSample[100]} ms under load, contention ${base.contention?.factor.toFixed(2)}; yardstick rounds: client ${baseHeadMs.toFixed(3)} ms, ratio x${Math.exp(median(base.yardstick?.logRatios ?? [])).toFixed(3)}; +25% CPU = ${cpuIters} iterations = ${cpuMs.toFixed(3)} ms; CPU match ${baseMatch.iterations} iterations (client ${baseMatch.headCpuMsPerCall.toFixed(3)} ms CPU per call, yardstick ${baseMatch.yardstickCpuMsPerCall.toFixed(3)}), bare ratio x${Math.exp(median(base.plainLogRatios ?? [])).toFixed(3)} (load ${load0.toFixed(2)}) sink ${sink > 0}`,
);
const MODES: Record<string, string> = { aa: 'A/A', delay: '+25% delay', cpu: '+25% CPU' };
const cells: Array<{
  cell: string;
  hog: boolean;
  mode: string;
  rows: Array<ReturnType<typeof judge> & { seed: number; load1: number }>;
}> = [];
const hogSettings = args.hog === 'only' ? [true] : args.hog === 'no' ? [false] : [false, true];
for (const hog of hogSettings) {
  for (const mode of args.cells.split(',')) {
    const cell = `${MODES[mode] ?? mode} ${hog ? 'with CPU hog' : 'quiet'}`;
    const rows: (typeof cells)[number]['rows'] = [];
    const hogs = hog ? busyLoops(availableParallelism()) : []; // one per core
    try {
      for (let i = 0; i < runs; i++) {
        const seed = seedBase + 1 + i;
        const now = await measure(mode, seed, cpuIters, baseMatch);
        const row = { seed, load1: loadavg()[0] ?? NaN, ...judge(base, now) };
        rows.push(row);
        const flag = (f: boolean) => (f ? 'FAIL' : 'pass');
        console.log(
          `${cell} #${i + 1} (seed ${seed}): contention x${row.contention?.toFixed(2)}, ratio matched x${row.ratio?.toFixed(3)} bare x${row.plainRatio?.toFixed(3)} (client ${row.headMedianMs?.toFixed(3)} ms), shift matched ${row.yardstickShiftPct?.toFixed(1)}% (p ${row.yardstickP?.toExponential(1)}) bare ${row.plainShiftPct?.toFixed(1)}% (p ${row.plainP?.toExponential(1)}) contention ${row.contentionShiftPct?.toFixed(1)}% absolute ${row.absoluteShiftPct?.toFixed(1)}%: matched ${row.yardstickFails.map(flag).join('/')}, bare ${row.plainFails.map(flag).join('/')}, contention ${flag(row.contentionFails)}, absolute ${flag(row.absoluteFails)}; gate ${row.gateMs?.toFixed(0)} ms, load ${row.load1.toFixed(1)}`,
        );
      }
    } finally {
      stopLoops(hogs);
    }
    cells.push({ cell, hog, mode, rows });
    write(); // after every cell, so a cut-short calibration keeps what it measured
  }
}
write();
console.table(summarize());

function summarize() {
  const share = (xs: boolean[]) => `${xs.filter(Boolean).length}/${xs.length}`;
  const range = (xs: number[]) => {
    const f = xs.filter((x) => Number.isFinite(x));
    return `${median(f).toFixed(1)} (${Math.min(...f).toFixed(1)} to ${Math.max(...f).toFixed(1)})`;
  };
  return cells.map((c) => ({
    cell: c.cell,
    runs: c.rows.length,
    ...Object.fromEntries(
      tolerances.map((t, j) => [`matched ${t}`, share(c.rows.map((r) => r.yardstickFails[j] ?? false))]),
    ),
    ...Object.fromEntries(tolerances.map((t, j) => [`bare ${t}`, share(c.rows.map((r) => r.plainFails[j] ?? false))])),
    contention: share(c.rows.map((r) => r.contentionFails)),
    absolute: share(c.rows.map((r) => r.absoluteFails)),
    matchedShiftPct: range(c.rows.map((r) => r.yardstickShiftPct ?? NaN)),
    bareShiftPct: range(c.rows.map((r) => r.plainShiftPct ?? NaN)),
    contentionShiftPct: range(c.rows.map((r) => r.contentionShiftPct ?? NaN)),
    absoluteShiftPct: range(c.rows.map((r) => r.absoluteShiftPct ?? NaN)),
    contentionFactor: median(c.rows.map((r) => r.contention ?? NaN)).toFixed(2),
    gateMs: median(c.rows.map((r) => r.gateMs ?? NaN)).toFixed(0),
    load1: median(c.rows.map((r) => r.load1)).toFixed(1),
  }));
}

function write() {
  if (args.out)
    writeFileSync(
      args.out,
      JSON.stringify(
        {
          started,
          finished: new Date().toISOString(),
          scenario: sc.name,
          runs,
          contentionTolerance: tolerance,
          yardstickTolerances: tolerances,
          yardstick: suite.yardstick,
          yardstickAlpha: suite.yardstickAlpha,
          seedBase,
          cpus: availableParallelism(),
          baseline: {
            clientMedianMs: base.e2eSample[100],
            contention: base.contention,
            yardstick: base.yardstick,
            plainLogRatios: base.plainLogRatios,
            cpuMsPerCall: cpuMs,
            cpuIters,
          },
          summary: summarize(),
          cells,
        },
        null,
        2,
      ) + '\n',
    );
}

function median(xs: number[]): number {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : NaN;
}
