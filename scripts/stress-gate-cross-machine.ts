/**
 * Does the stress latency gate hold off the machine that saved the baseline? A simulation on one
 * machine: `npx tsx scripts/stress-gate-cross-machine.ts [--runs 10] [--seed-base 5000]
 * [--scenario steady-1000] [--directions slow-to-quiet,quiet-to-slow] [--hogs 1] [--out docs/calibration/stress-gate-cross-machine.json]`.
 *
 * "Slow machine": the measured process pinned to one core (`taskset -c 0`) beside `--hogs` busy loops
 * pinned to the same core, so it gets about 1 / (hogs + 1) of one core and its GC and I/O threads share it. "Quiet":
 * unpinned, nothing of ours beside it (other engineers' work still runs). There is no way here to
 * make a CPU uniformly slower (no frequency control in this VM), so this is contention standing in for
 * a slower machine, and is stated as such in docs/calibration/stress.md.
 *
 * For each direction, one baseline is measured under the first condition, then `--runs` runs of the
 * same, unchanged code under the other, each judged against it by every rule (the CPU-matched and the
 * bare yardstick, measured in the same rounds, at the suite's defaults, the runs reusing the baseline's
 * CPU match; contention, tolerance 0.2; absolute, latencyTolerance 2 as gauntlet.config.ts has it).
 * Each run is a fresh process doing what `stress-gate-calibration.ts --child` does (the scenario's
 * load, then the yardstick rounds). Expected: no yardstick false fail in either direction.
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { compareWithBaseline, type ScenarioBaseline } from '../harness/stress/stress-baseline.ts';
import { stressEntrySchema } from '../harness/stress/suite-schema.ts';
import { referenceClientFactory } from '../sut/llm-client/factory.ts';
import { busyLoops, scenarioChildJson, stopLoops } from './child-processes.ts';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '10' },
    'seed-base': { type: 'string', default: '5000' },
    scenario: { type: 'string', default: 'steady-1000' },
    directions: { type: 'string', default: 'slow-to-quiet,quiet-to-slow' },
    /** Busy loops pinned beside the slow run on its core: it gets about 1 / (hogs + 1) of the core. */
    hogs: { type: 'string', default: '1' },
    out: { type: 'string' },
  },
});
const runs = Number(args.runs);
const seedBase = Number(args['seed-base']);
const suite = stressEntrySchema.parse({
  kind: 'stress',
  name: 'cross-machine',
  client: referenceClientFactory,
  scenarios: [{ name: 'x', profile: 'x' }],
});
const calibration = new URL('./stress-gate-calibration.ts', import.meta.url).pathname;

/** One A/A run in a fresh process, pinned beside `--hogs` pinned busy loops when `slow`. */
/** A run's record plus the bare yardstick's rounds (stress-gate-calibration.ts measures both yardsticks). */
type Measured = ScenarioBaseline & { plainLogRatios?: number[]; plainMs?: number[] };

/** The same run as the bare yardstick rule sees it (the default; the record's yardstick is the CPU-matched one). */
function bare(r: Measured): ScenarioBaseline {
  if (!r.yardstick || !r.plainLogRatios || !r.plainMs) return r;
  const { cpuMatch: _, ...y } = r.yardstick;
  return { ...r, yardstick: { ...y, logRatios: r.plainLogRatios, yardstickMs: r.plainMs } };
}

/** One run; `base` given: its yardstick reuses the baseline's CPU match (else it calibrates one, as a saving run does). */
async function measure(slow: boolean, seed: number, base?: Measured): Promise<Measured> {
  const hogs = busyLoops(slow ? Number(args.hogs) : 0, true);
  try {
    return await scenarioChildJson<Measured>(
      calibration,
      {
        seed,
        scenario: args.scenario,
        extra: base?.yardstick?.cpuMatch ? ['--cpu-match', JSON.stringify(base.yardstick.cpuMatch)] : [],
      },
      { timeoutMs: 300_000, pinned: slow },
    );
  } finally {
    stopLoops(hogs);
  }
}

function judge(base: Measured, now: Measured) {
  const common = { alpha: suite.alpha, latencyFloorMs: suite.latencyFloorMs, latencyTolerance: 2 };
  const check = (policy: Parameters<typeof compareWithBaseline>[3], b: ScenarioBaseline = base, n = now) =>
    compareWithBaseline(args.scenario, b, n, policy).find((c) => c.name.endsWith('/baseline:e2e-latency'));
  const plain = check(
    {
      ...common,
      latencyGate: 'yardstick',
      yardstickTolerance: suite.yardstickTolerance,
      yardstickAlpha: suite.yardstickAlpha,
    },
    bare(base),
    bare(now),
  );
  const yardstick = check({
    ...common,
    latencyGate: 'yardstick',
    yardstickTolerance: suite.yardstickTolerance,
    yardstickAlpha: suite.yardstickAlpha,
  });
  const contention = check({ ...common, latencyGate: 'contention', contentionTolerance: 0.2 });
  const absolute = check({ ...common, latencyGate: 'absolute' });
  return {
    /** The bare yardstick (the default) on the same run; `yardstick*` is the CPU-matched one (opt-in). */
    plainFails: plain?.verdict === 'fail',
    plainShiftPct: plain?.metrics?.shift_pct,
    plainP: plain?.metrics?.p_value,
    yardstickFails: yardstick?.verdict === 'fail',
    /** Which rule judged (the yardstick rule falls back when a run lacks its rounds). */
    yardstickGate: (yardstick?.details as { gate?: string } | undefined)?.gate,
    contentionFails: contention?.verdict === 'fail',
    absoluteFails: absolute?.verdict === 'fail',
    yardstickShiftPct: yardstick?.metrics?.shift_pct,
    yardstickP: yardstick?.metrics?.p_value,
    ratio: yardstick?.metrics?.ratio,
    contentionShiftPct: contention?.metrics?.shift_pct,
    absoluteShiftPct: absolute?.metrics?.shift_pct,
    contention: now.contention?.factor,
    clientMedianMs: now.e2eSample[100],
    headRoundMs: median(now.yardstick?.headMs ?? []),
  };
}

const started = new Date().toISOString();
const directions: Array<{
  direction: string;
  baseline: { seed: number; contention?: number; clientMedianMs?: number; headRoundMs: number; ratio: number };
  rows: Array<ReturnType<typeof judge> & { seed: number; load1: number }>;
}> = [];
for (const [d, direction] of args.directions.split(',').entries()) {
  const baseSlow = direction === 'slow-to-quiet';
  if (!baseSlow && direction !== 'quiet-to-slow') throw new Error(`unknown direction '${direction}'`);
  const seed0 = seedBase + d * 100;
  const base = await measure(baseSlow, seed0);
  const baseline = {
    seed: seed0,
    contention: base.contention?.factor,
    clientMedianMs: base.e2eSample[100],
    headRoundMs: median(base.yardstick?.headMs ?? []),
    ratio: Math.exp(median(base.yardstick?.logRatios ?? [])),
  };
  console.log(
    `${direction}: baseline (${baseSlow ? 'slow' : 'quiet'}) contention x${baseline.contention?.toFixed(2)}, client median ${baseline.clientMedianMs} ms under load, ${baseline.headRoundMs.toFixed(3)} ms in the rounds, ratio x${baseline.ratio.toFixed(3)}, load ${loadavg()[0]?.toFixed(1)}`,
  );
  const rows: (typeof directions)[number]['rows'] = [];
  for (let i = 0; i < runs; i++) {
    const seed = seed0 + 1 + i;
    const row = { seed, ...judge(base, await measure(!baseSlow, seed, base)), load1: loadavg()[0] ?? NaN };
    rows.push(row);
    const flag = (f: boolean) => (f ? 'FAIL' : 'pass');
    console.log(
      `${direction} #${i + 1}: contention x${row.contention?.toFixed(2)}, client ${row.clientMedianMs} ms (rounds ${row.headRoundMs.toFixed(3)} ms), ratio x${row.ratio?.toFixed(3)}; shift yardstick ${row.yardstickShiftPct?.toFixed(1)}% (p ${row.yardstickP?.toExponential(1)}) contention ${row.contentionShiftPct?.toFixed(1)}% absolute ${row.absoluteShiftPct?.toFixed(1)}%, bare yardstick ${row.plainShiftPct?.toFixed(1)}% (p ${row.plainP?.toExponential(1)}): matched yardstick ${flag(row.yardstickFails)} (${row.yardstickGate}), bare ${flag(row.plainFails)}, contention ${flag(row.contentionFails)}, absolute ${flag(row.absoluteFails)}; load ${row.load1.toFixed(1)}`,
    );
  }
  directions.push({ direction, baseline, rows });
  write();
}
console.table(
  directions.map((d) => ({
    direction: d.direction,
    runs: d.rows.length,
    matched: share(d.rows.map((r) => r.yardstickFails)),
    bare: share(d.rows.map((r) => r.plainFails)),
    contention: share(d.rows.map((r) => r.contentionFails)),
    absolute: share(d.rows.map((r) => r.absoluteFails)),
    maxYardstickShiftPct: Math.max(...d.rows.map((r) => r.yardstickShiftPct ?? NaN)).toFixed(1),
    medianAbsoluteShiftPct: median(d.rows.map((r) => r.absoluteShiftPct ?? NaN)).toFixed(1),
  })),
);

function share(xs: boolean[]): string {
  return `${xs.filter(Boolean).length}/${xs.length}`;
}

function write() {
  if (!args.out) return;
  const meta = {
    started,
    finished: new Date().toISOString(),
    scenario: args.scenario,
    runs,
    seedBase,
    hogs: Number(args.hogs),
  };
  const policy = { yardstickTolerance: suite.yardstickTolerance, yardstickAlpha: suite.yardstickAlpha };
  writeFileSync(args.out, JSON.stringify({ ...meta, ...policy, directions }, null, 2) + '\n');
}

function median(xs: number[]): number {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : NaN;
}
