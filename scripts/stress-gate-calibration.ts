/**
 * False-alarm rate and power of the stress latency gate, today's absolute rule (latencyTolerance 2)
 * beside the contention rule (latencies divided by the same run's CPU contention factor): `npx tsx scripts/stress-gate-calibration.ts [--runs 20] [--scenario steady-1000]
 * [--tolerance 0.2] [--seed-base 1000] [--out docs/calibration/stress-gate.json]`.
 *
 * Every run is a fresh process (a cold JIT, as in `gauntlet run`). One baseline from a quiet run (as a user would save it). Then, for each cell
 * (A/A or +25%, quiet or with a CPU hog of one busy loop per core beside it), `--runs` runs of the
 * scenario are judged against it by both rules. "+25%" is the reference client wrapped so that every
 * call returns 25% later than it would have (a delay of a quarter of its own duration, holding its slot).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { realClock } from '../harness/core/clock.ts';
import type { StressClientFactory } from '../harness/stress/client-contract.ts';
import { quantileSample } from '../harness/stress/latency-summary.ts';
import { resolveProfile, runScenario } from '../harness/stress/run-scenario.ts';
import { compareWithBaseline, type ScenarioBaseline } from '../harness/stress/stress-baseline.ts';
import { scenarioSchema } from '../harness/stress/suite-schema.ts';
import { defaultStressScenarios } from '../suites/stress/scenarios.ts';
import { referenceClientFactory } from '../sut/llm-client/factory.ts';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '20' },
    scenario: { type: 'string', default: 'steady-1000' },
    tolerance: { type: 'string', default: '0.2' },
    'seed-base': { type: 'string', default: '1000' },
    out: { type: 'string' },
    /** Internal: measure one run in this (fresh) process and print it as JSON. */
    child: { type: 'string' },
    slow: { type: 'boolean', default: false },
  },
});
const runs = Number(args.runs);
const tolerance = Number(args.tolerance);
const seedBase = Number(args['seed-base']);
const input = defaultStressScenarios.find((s) => s.name === args.scenario);
if (!input) throw new Error(`no default scenario '${args.scenario}'`);
const sc = scenarioSchema.parse(input);
const profile = await resolveProfile(sc.profile, process.cwd(), sc.name);

/** Every call returns 25% later than it would have. */
const slowed =
  (factor: number): StressClientFactory =>
  async (o) => {
    const inner = await referenceClientFactory(o);
    return {
      ...inner,
      call: async (req) => {
        const t0 = performance.now();
        const r = await inner.call(req);
        await realClock.sleep((performance.now() - t0) * factor);
        return r;
      },
      onBreakerTransition: inner.onBreakerTransition?.bind(inner),
      close: () => inner.close(),
    };
  };

async function measureHere(factory: StressClientFactory, seed: number): Promise<ScenarioBaseline> {
  const out = await runScenario(sc, profile, {
    factory,
    clientOptions: {},
    seed,
    clock: realClock,
    signal: new AbortController().signal,
    rootDir: process.cwd(),
  });
  return {
    calls: out.results.calls,
    e2eSample: quantileSample(out.e2e),
    ttftSample: quantileSample(out.ttft),
    metrics: {},
    failures: {},
    ...(out.contention ? { contention: out.contention } : {}),
  };
}

/** One run in a fresh process, as `gauntlet run` does it (a cold JIT each time, like the real suite's first scenario). */
function measure(slow: boolean, seed: number): Promise<ScenarioBaseline> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        import.meta.filename,
        '--child',
        String(seed),
        '--scenario',
        sc.name,
        ...(slow ? ['--slow'] : []),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c));
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out) as ScenarioBaseline) : reject(new Error(`child exited ${code}`)),
    );
  });
}

if (args.child !== undefined) {
  process.stdout.write(
    JSON.stringify(await measureHere(args.slow ? slowed(0.25) : referenceClientFactory, Number(args.child))),
  );
  process.exit(0);
}

const live = new Set<ChildProcess>();
/** One busy loop per core; killed with this process however it ends. */
function startHog(): ChildProcess[] {
  const hogs = Array.from({ length: availableParallelism() }, () =>
    spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }),
  );
  for (const h of hogs) live.add(h);
  return hogs;
}
process.on('exit', () => {
  for (const h of live) h.kill('SIGKILL');
});
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => process.exit(130));

const judge = (base: ScenarioBaseline, now: ScenarioBaseline) => {
  const common = { alpha: 0.001, latencyFloorMs: 50, latencyTolerance: 2 };
  const today = compareWithBaseline(sc.name, base, now, { ...common, latencyGate: 'absolute' }).filter((c) =>
    c.name.includes('latency'),
  );
  const next = compareWithBaseline(sc.name, base, now, {
    ...common,
    latencyGate: 'contention',
    contentionTolerance: tolerance,
  }).filter((c) => c.name.includes('latency'));
  const e2e = next.find((c) => c.name.endsWith('e2e-latency'));
  return {
    todayFails: today.some((c) => c.verdict === 'fail'),
    newFails: next.some((c) => c.verdict === 'fail'),
    relativeShiftPct: e2e?.metrics?.shift_pct,
    absoluteShiftPct: today.find((c) => c.name.endsWith('e2e-latency'))?.metrics?.shift_pct,
    contention: now.contention?.factor,
    clientMedianMs: now.e2eSample[Math.floor(now.e2eSample.length / 2)],
  };
};

const started = new Date().toISOString();
const load0 = loadavg()[0] ?? NaN;
const base = await measure(false, seedBase);
console.log(
  `baseline: client median ${base.e2eSample[100]} ms, contention ${base.contention?.factor.toFixed(2)}, calibration ${base.contention?.calibrationCpuMs?.toFixed(1)} ms CPU (load ${load0.toFixed(2)})`,
);
const cells: Array<{
  cell: string;
  hog: boolean;
  slow: boolean;
  rows: Array<ReturnType<typeof judge> & { seed: number; load1: number }>;
}> = [];
for (const hog of [false, true]) {
  for (const slow of [false, true]) {
    const cell = `${slow ? '+25%' : 'A/A'} ${hog ? 'with CPU hog' : 'quiet'}`;
    const rows: (typeof cells)[number]['rows'] = [];
    const hogs = hog ? startHog() : [];
    try {
      for (let i = 0; i < runs; i++) {
        const seed = seedBase + 1 + i;
        const now = await measure(slow, seed);
        const row = { seed, load1: loadavg()[0] ?? NaN, ...judge(base, now) };
        rows.push(row);
        console.log(
          `${cell} #${i + 1}: client ${row.clientMedianMs} ms, contention ${row.contention?.toFixed(2)}, calibration ${now.contention?.calibrationCpuMs?.toFixed(1)} ms CPU, shift abs ${row.absoluteShiftPct?.toFixed(1)}% rel ${row.relativeShiftPct?.toFixed(1)}%: today ${row.todayFails ? 'FAIL' : 'pass'}, new ${row.newFails ? 'FAIL' : 'pass'}`,
        );
      }
    } finally {
      for (const h of hogs) h.kill('SIGKILL');
    }
    cells.push({ cell, hog, slow, rows });
    write(); // after every cell, so a cut-short calibration keeps what it measured
  }
}
write();
console.table(summarize());

function summarize() {
  return cells.map((c) => ({
    cell: c.cell,
    runs: c.rows.length,
    todayFailShare: c.rows.filter((r) => r.todayFails).length / c.rows.length,
    newFailShare: c.rows.filter((r) => r.newFails).length / c.rows.length,
    medianRelativeShiftPct: median(c.rows.map((r) => r.relativeShiftPct ?? NaN)),
    medianAbsoluteShiftPct: median(c.rows.map((r) => r.absoluteShiftPct ?? NaN)),
    medianLoad1: median(c.rows.map((r) => r.load1)),
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
          tolerance,
          seedBase,
          cpus: availableParallelism(),
          baseline: { clientMedianMs: base.e2eSample[100], contention: base.contention },
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
