/**
 * The bench gate's power per clock at 20 runs per cell, affordably (issue 12):
 *
 *   [GAUNTLET_INSTRUCTION_BUDGET=0.25] nice -n 19 npx tsx scripts/bench-power-ladder.ts [--clock instructions] [--runs 20] [--repetitions 1]
 *     [--time 30] [--width 2] [--out docs/calibration/bench-power-ladder-instructions.out.md]
 *
 * scripts/fixtures/instructions-ladder.bench.ts holds one benchmark per slowdown level (+0% (A/A),
 * +2%, +5%, +10%, +20%); its head side (LADDER=1) runs k% more rounds in "+k%", the base side none.
 * Each run is one `gauntlet bench --calibrate 1` with a fresh reference: a base measurement, a head
 * measurement judged against it exactly as a stored same-machine baseline, and the confirmation
 * re-run of what was flagged. So one run gives one run of every cell, and runs are independent
 * (no shared reference). Beside the gate, the naive rule "mean ratio > 1.2" on the same figures.
 *
 * Runs go --width at a time (counted processes do not depend on load), but only one at a time while
 * another engineer holds the measurement lock (/tmp/gauntlet-measure.lock): checked before each run.
 * Writes a markdown table (stdout and --out) and the raw figures beside it (.json).
 */
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { calibrateBench, type CalibrationRun } from '../harness/bench/calibrate.ts';
import { discoverBenchFiles } from '../harness/bench/discover.ts';
import { instructionSupport } from '../harness/bench/instructions/valgrind.ts';
import { benchEntrySchema, type BenchFlags } from '../harness/bench/options.ts';
import type { Clock } from '../harness/bench/protocol.ts';
import { suiteContextFor } from '../harness/core/__fixtures__/suite-context.ts';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : dflt;
};
const CLOCK = arg('clock', 'instructions') as Clock;
const RUNS = Number(arg('runs', '20'));
const K = Number(arg('repetitions', CLOCK === 'instructions' ? '1' : '4'));
const TIME = Number(arg('time', '30'));
const WIDTH = Number(arg('width', CLOCK === 'instructions' ? '2' : '1'));
// --no-confirm: judge on the first comparison (the re-run re-measures the head only; on the instruction
// clock, whose counts repeat, it costs a third of the processes and changes no decision).
const CONFIRM = !process.argv.includes('--no-confirm');
const OUT = resolve(root, arg('out', `docs/calibration/bench-power-ladder-${CLOCK}.out.md`));
const LEVELS: Array<[string, number]> = [
  ['+0% (A/A)', 0],
  ['+2%', 2],
  ['+5%', 5],
  ['+10%', 10],
  ['+20%', 20],
];
const idOf = (name: string) => `instructions-ladder > ${name}`;

interface Row {
  run: CalibrationRun;
  /** The base side's figure per benchmark (instructions per op on the instruction clock). */
  base: Record<string, number>;
  load: number;
  wide: boolean;
}
const rows: Row[] = [];
const t0 = Date.now();
const LOAD0 = loadavg()
  .map((x) => x.toFixed(1))
  .join(' / ');
const support = CLOCK === 'instructions' ? await instructionSupport() : undefined;
if (support && !support.ok) throw new Error(`the instruction clock cannot run here: ${support.reason}`);

const entry = benchEntrySchema.parse({
  kind: 'bench',
  name: 'power-ladder',
  dir: 'scripts/fixtures',
  files: ['instructions-ladder.bench.ts'],
  // The schema asks for 2 or more (a time clock needs them); the run below passes K through the flag.
  repetitions: Math.max(2, K),
  time: TIME,
  warmupTime: 100,
  calibrationTime: 30,
  clock: CLOCK,
  confirm: CONFIRM,
});
const files = await discoverBenchFiles(root, entry.dir, entry.files);

/** Nobody else is measuring (the lock is free right now). */
const lockFree = (): boolean => {
  try {
    execFileSync('flock', ['-n', '/tmp/gauntlet-measure.lock', 'true']);
    return true;
  } catch {
    return false;
  }
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let next = 0;
let busy = 0;
async function lane(index: number): Promise<void> {
  while (next < RUNS) {
    // Lanes after the first wait while someone else measures: one counted process at a time then.
    while (index > 0 && busy > 0 && !lockFree()) await sleep(15_000);
    if (next >= RUNS) return;
    const r = next++;
    busy++;
    const wide = busy > 1;
    // One process per side is allowed here (not by the config schema): the instruction clock's counts
    // barely vary, and the decision with one process differs only by its spread term (2 x spread, ~0).
    const ctx = suiteContextFor<BenchFlags>(root, { flags: { repetitions: K } });
    const c = await calibrateBench({ entry, ctx, files, runs: 1, parallel: 1, env: { LADDER: '1' } });
    busy--;
    const run = c.runs[0]!;
    const base = Object.fromEntries([...c.reference.benches.values()].map((m) => [m.id, m.reps[0]?.mean ?? NaN]));
    rows.push({ run, base, load: loadavg()[0]!, wide });
    process.stderr.write(
      `${CLOCK} run ${r + 1}/${RUNS}: ${LEVELS.map(([n]) => `${n} ${run.figures[idOf(n)]?.ratio.toFixed(4)}${run.confirmed.includes(idOf(n)) ? ' FAIL' : ''}`).join(', ')} (${run.seconds.toFixed(0)} s, load ${loadavg()[0]!.toFixed(1)})\n`,
    );
    await writeFile(OUT, render(false));
  }
}
await Promise.all(Array.from({ length: Math.max(1, WIDTH) }, (_, i) => lane(i)));
await writeFile(OUT, render(true));
await writeFile(OUT.replace(/\.md$/, '.json'), JSON.stringify(rows, null, 1) + '\n');
process.stdout.write(render(true));

function med(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2 : NaN;
}

function render(complete: boolean): string {
  const n = rows.length;
  const l: string[] = [`# Bench gate power, one benchmark per slowdown level${complete ? '' : ' (in progress)'}`, ''];
  const budget = process.env.GAUNTLET_INSTRUCTION_BUDGET
    ? `GAUNTLET_INSTRUCTION_BUDGET=${process.env.GAUNTLET_INSTRUCTION_BUDGET} `
    : '';
  l.push(
    `Command: \`${budget}nice -n 19 npx tsx scripts/bench-power-ladder.ts ${process.argv.slice(2).join(' ')}\``,
    '',
  );
  let commit = '?';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root }).toString().trim();
  } catch {
    // not a git checkout: the commit stays "?"
  }
  l.push(
    `Date ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, commit ${commit}. Machine: ${cpus()[0]?.model.trim()} x ${cpus().length}, Node ${process.version}${support?.ok ? `, ${support.valgrind}` : ''}, shared with other jobs (load average at the start ${LOAD0}, at the end ${loadavg()
      .map((x) => x.toFixed(1))
      .join(
        ' / ',
      )}). ${n} runs in ${((Date.now() - t0) / 60000).toFixed(1)} min, ${rows.filter((r) => r.wide).length} of them beside another run.`,
    '',
    `Suite: scripts/fixtures/instructions-ladder.bench.ts, 5 benchmarks of 100 rounds of sorting and hashing 20 numbers; with LADDER=1 (the head side) "+k%" runs 100 + k rounds. Clock ${CLOCK}, ${K} process(es) per side per run${process.env.GAUNTLET_INSTRUCTION_BUDGET ? `, counting budget x${process.env.GAUNTLET_INSTRUCTION_BUDGET} (GAUNTLET_INSTRUCTION_BUDGET: fewer warm-up and counted calls)` : ''}; gate settings as shipped (instruction clock: instructionTolerance 1%, a benchmark fails above max(1%, 2 x the spread of its counts); time clocks: alpha 0.01 with Holm over the file's benchmarks, tolerance 5%); confirmation re-run ${CONFIRM ? 'on' : 'off (--no-confirm: "gate: runs failed" is the first comparison\'s decision, which a confirmation could only turn into a pass)'}. Each run measures its own reference (the base side), so runs share nothing. ${CLOCK === 'instructions' ? 'The instruction clock decides each benchmark alone (no multiplicity correction), so putting the five levels in one file changes nothing for it.' : 'The Holm family has 5 members here (one per benchmark) instead of 1 in a one-benchmark file: slightly conservative.'}`,
    '',
    '| cell | runs | gate: runs failed | flagged before confirmation | naive "mean ratio > 1.2": runs failed | median ratio | range over the runs |',
    '|---|---|---|---|---|---|---|',
  );
  for (const [name] of LEVELS) {
    const id = idOf(name);
    const f = rows.map((r) => r.run.figures[id]).filter((x): x is NonNullable<typeof x> => x !== undefined);
    const ratios = f.map((x) => x.ratio);
    l.push(
      `| ${name} | ${f.length} | ${rows.filter((r) => r.run.confirmed.includes(id)).length}/${n} | ${rows.filter((r) => r.run.flagged.includes(id)).length}/${n} | ${f.filter((x) => x.mean / x.baseMean > 1.2).length}/${n} | ${med(ratios).toFixed(5)} | ${ratios.length ? `${Math.min(...ratios).toFixed(5)}-${Math.max(...ratios).toFixed(5)}` : '-'} |`,
    );
  }
  l.push(
    '',
    `Repeatability of the base side (unchanged code) over its ${n} processes: the largest relative difference between any two, per benchmark.`,
    '',
    '| benchmark | median per op | largest relative difference |',
    '|---|---|---|',
  );
  for (const [name] of LEVELS) {
    const xs = rows.map((r) => r.base[idOf(name)]!).filter(Number.isFinite);
    if (!xs.length) continue;
    l.push(
      `| ${name} | ${med(xs).toPrecision(6)} | ${(((Math.max(...xs) - Math.min(...xs)) / Math.min(...xs)) * 100).toFixed(4)}% |`,
    );
  }
  return l.join('\n') + '\n';
}
