/**
 * Which processes a measurement starts, and in what order, when the stored baseline says what each
 * file declares. Real processes, no valgrind needed: a stand-in `valgrind` on PATH runs the node
 * command it is given, and stand-in hooks say they run under valgrind and write a callgrind dump of
 * 1e9 instructions per count (one call per batch, no warm-up), so counted benchmarks get figures. Order of events and process
 * counts are asserted, never time.
 */
import { mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { standInValgrind } from './__fixtures__/stand-in-valgrind.ts';
import { measure, measureInterleaved, PAIRED_BASE_CALIBRATION_MS, type MeasureOptions } from './measure.ts';
import type { MeasureStep } from './phases/phase-times.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** A project with these bench files, a stand-in valgrind and hooks, and an empty event log. */
async function project(files: Record<string, string>): Promise<{ dir: string; log: string; o: MeasureOptions }> {
  const dir = await mkdtemp(join(tmpdir(), 'gauntlet-measure-order-'));
  await writeFile(join(dir, 'package.json'), '{"name":"measure-order","type":"module","private":true}');
  await mkdir(join(dir, 'node_modules'));
  await symlink(repoRoot, join(dir, 'node_modules', 'gauntlet'), 'dir');
  await mkdir(join(dir, 'bench'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, 'bench', name), text);
  const { hooks, path } = await standInValgrind(dir);
  const log = join(dir, 'order.log');
  await writeFile(log, '');
  const o: MeasureOptions = {
    benchDir: 'bench',
    repetitions: 2,
    countedRepetitions: 1,
    defaults: { time: 10, warmupTime: 5, iterations: 8, clock: 'instructions' },
    calibrationTime: 10,
    timeoutMs: 30_000,
    counting: { ok: true, valgrind: 'stand-in', hooks },
    parallel: 2,
    env: { PATH: path, ORDER_LOG: log },
  };
  return { dir, log, o };
}

/** Each step's process count, by step name. */
function stepsOf(o: MeasureOptions): { o: MeasureOptions; steps: Partial<Record<MeasureStep, number>> } {
  const steps: Partial<Record<MeasureStep, number>> = {};
  return { o: { ...o, onStep: (step, _ms, processes) => (steps[step] = processes) }, steps };
}

const work = `bench('work', () => { let s = 0; for (let i = 0; i < 1000; i++) s += i; return s; });`;
const wait = (name: string) => `bench('${name}', () => new Promise((r) => setImmediate(r)), { clock: 'wall' });`;
const file = (...lines: string[]) => [`import { bench } from 'gauntlet';`, ...lines, ''].join('\n');

// Under the stand-in valgrind (node with --predictable), the first call waits (up to 50 s, just under the
// test's limit: a busy machine takes seconds to start a process) for b's
// timed process to start, and writes whether it saw it.
const countedFile = `import { bench } from 'gauntlet';
import { appendFileSync, readFileSync } from 'node:fs';
const log = process.env.ORDER_LOG;
const counted = process.execArgv.includes('--predictable');
let waited = false;
bench('count', () => {
  if (!counted || waited) return 1;
  waited = true;
  const until = Date.now() + 50_000;
  const seen = () => readFileSync(log, 'utf8').includes('b timed');
  while (!seen() && Date.now() < until) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  appendFileSync(log, seen() ? 'a counted saw b timed\\n' : 'a counted ended first\\n');
  return 1;
});
bench('wait', () => new Promise((r) => setImmediate(r)), { clock: 'wall' });
`;

// Logged at its first call, not at import: the listing process imports the file too.
const timedFile = `import { bench } from 'gauntlet';
import { appendFileSync } from 'node:fs';
let logged = false;
bench('wait', () => {
  if (!logged) appendFileSync(process.env.ORDER_LOG, 'b timed\\n');
  logged = true;
  return new Promise((r) => setImmediate(r));
}, { clock: 'wall' });
`;

describe('a counted process of one file', { timeout: 90_000 }, () => {
  it('does not hold back the timed processes of another file once it has loaded its file', async () => {
    const { dir, log, o } = await project({ 'a.bench.ts': countedFile, 'b.bench.ts': timedFile });
    const m = await measure(
      { root: dir, files: ['bench/a.bench.ts', 'bench/b.bench.ts'] },
      // The stored baseline says a.bench.ts counts: its counted process starts with no listing first.
      { ...o, repetitions: 1, stored: new Map([['bench/a.bench.ts', { counted: ['count'], timed: ['wait'] }]]) },
    );
    const lines = (await readFile(log, 'utf8')).trim().split('\n');
    expect(lines).toContain('a counted saw b timed');
    expect(lines).not.toContain('a counted ended first');
    // Both files' timed benchmarks were measured beside it.
    expect(m.benches.get('a > wait')!.reps).toHaveLength(1);
    expect(m.benches.get('b > wait')!.reps).toHaveLength(1);
  });
});

describe('the stored baseline as a hint of what files declare', { timeout: 60_000 }, () => {
  const files = { 'a.bench.ts': file(work, wait('wait')), 'c.bench.ts': file(wait('round trip')) };
  const all = ['bench/a.bench.ts', 'bench/c.bench.ts'];
  // What the stored baseline says: a counts 'work' and times 'wait'; c times 'round trip' only.
  const stored: MeasureOptions['stored'] = new Map([
    ['bench/a.bench.ts', { counted: ['work'], timed: ['wait'] }],
    ['bench/c.bench.ts', { counted: [], timed: ['round trip'] }],
  ]);

  it('starts no counted process for a file none of whose stored counted benchmarks the filter accepts', async () => {
    const { dir, o: base } = await project(files);
    const { o, steps } = stepsOf(base);
    const m = await measure(
      { root: dir, files: all },
      {
        ...o,
        select: (id) => id.includes('round trip'),
        stored,
      },
    );
    // a.bench.ts is listed (it might declare a new match), c.bench.ts is learnt by its first timed process.
    expect(steps).toEqual({ list: 1, timed: 2 });
    expect([...m.benches.keys()]).toEqual(['c > round trip']);
  });

  it('lists a timed-only file none of whose stored benchmarks the filter accepts, rather than timing it', async () => {
    const { dir, o: base } = await project(files);
    const { o, steps } = stepsOf(base);
    const m = await measure({ root: dir, files: all }, { ...o, select: (id) => id.includes('work'), stored });
    // c.bench.ts is listed (it might declare a new match): no timed process starts (its set-up, the
    // calibration workloads) for a file with nothing selected.
    expect({ ...steps, timed: steps.timed ?? 0 }).toEqual({ counted: 1, list: 1, timed: 0 });
    expect([...m.benches.keys()]).toEqual(['a > work']);
  });

  it('lists neither a counted file nor a timed-only one', async () => {
    const { dir, o: base } = await project(files);
    const { o, steps } = stepsOf(base);
    const m = await measure(
      { root: dir, files: all },
      {
        ...o,
        stored,
      },
    );
    expect(steps).toEqual({ counted: 1, timed: 4 });
    expect(m.benches.get('a > work')!.reps.map((r) => r.clock)).toEqual(['instructions']);
    expect(m.benches.get('a > wait')!.reps).toHaveLength(2);
    expect(m.benches.get('c > round trip')!.reps).toHaveLength(2);
  });

  it('counts a benchmark added to a file stored as timed-only: a counted process later, no figure lost', async () => {
    const { dir, o: base } = await project({ ...files, 'c.bench.ts': file(wait('round trip'), work) });
    const { o, steps } = stepsOf(base);
    const m = await measure(
      { root: dir, files: all },
      {
        ...o,
        stored,
      },
    );
    expect(steps).toEqual({ counted: 2, timed: 4 });
    expect(m.benches.get('c > work')!.reps.map((r) => r.clock)).toEqual(['instructions']);
    expect(m.benches.get('c > round trip')!.reps).toHaveLength(2);
    expect(m.benches.get('a > work')!.reps.map((r) => r.clock)).toEqual(['instructions']);
  });
});

describe('a paired measurement', { timeout: 60_000 }, () => {
  // A process that measures the benchmark logs the calibration time its worker was asked for (the
  // request is the worker's last argument); a listing process never calls it.
  const logsCalibration = file(
    `import { appendFileSync } from 'node:fs';`,
    `let logged = false;`,
    `const log = () => { if (!logged) appendFileSync(process.env.ORDER_LOG, JSON.parse(process.argv.at(-1)).calibrationTime + ' ' + process.cwd() + '\\n'); logged = true; };`,
    `bench('round trip', () => { log(); return new Promise((r) => setImmediate(r)); }, { clock: 'wall' });`,
  );

  it("times the base side's calibration briefly (never compared) and the head's as configured", async () => {
    const head = await project({ 'c.bench.ts': logsCalibration });
    const base = await project({ 'c.bench.ts': logsCalibration });
    const files = ['bench/c.bench.ts'];
    const m = await measureInterleaved(
      { root: base.dir, files },
      { root: head.dir, files },
      { ...head.o, calibrationTime: 40, env: { ...head.o.env } },
    );
    const asked = (await readFile(head.log, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => l.split(' '))
      .map(([ms, cwd]) => `${cwd === base.dir ? 'base' : 'head'} ${ms}`);
    expect(asked.sort()).toEqual([
      `base ${PAIRED_BASE_CALIBRATION_MS}`,
      `base ${PAIRED_BASE_CALIBRATION_MS}`,
      'head 40',
      'head 40',
    ]);
    expect(m.base.benches.get('c > round trip')!.reps).toHaveLength(2);
    expect(m.head.benches.get('c > round trip')!.reps).toHaveLength(2);
  });
});
