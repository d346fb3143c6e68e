/**
 * Runs bench files repeatedly, one fresh process per file and repetition, and collects each
 * benchmark's repetitions. Two kinds of process:
 * - counted: under valgrind, for the benchmarks on the instruction clock. Instruction counts do not
 *   depend on what else the machine runs, so these processes run in parallel on every core.
 * - timed: for the CPU and wall clocks, one at a time. For `--against`, base and head run
 *   interleaved pair by pair (the order alternates, ABBA, so a slow drift of the machine's load
 *   hits both sides alike).
 * - differenced: valgrind runs but the hooks addon does not build or load: each instruction-clock
 *   benchmark is counted as the difference of two whole-process counts, n and 2n iterations
 *   (instructions/difference.ts), two processes per benchmark; run like counted ones.
 * Where valgrind cannot run, the instruction clock's benchmarks are timed on the CPU clock. Either
 * way the measurement says which benchmarks and why (the report's note).
 */
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { BenchOptions } from './api.ts';
import { benchId } from './discover.ts';
import { perOperation } from './instructions/difference.ts';
import { instructionSupport, type InstructionSupport } from './instructions/valgrind.ts';
import type { Clock, RepetitionResult } from './protocol.ts';
import { makeSketch, round6 } from './sketch.ts';
import { estimatedCycles } from './instructions/callgrind-out.ts';
import { runFileOnce, type FileRunOptions } from './run-file.ts';
import type { MeasureStep } from './phases/phase-times.ts';

export interface Side {
  /** Project root the files and processes run in. */
  root: string;
  files: string[];
  /**
   * Measuring time of the calibration workloads in this side's timed processes, ms (default: the
   * suite's `calibrationTime`).
   */
  calibrationTime?: number;
}

/**
 * The base side's calibration time in a paired measurement: its timed figures are compared raw with
 * the head's, pair by pair (evaluate.ts), and never stored, so its calibration figures are not used:
 * measured briefly, they leave each of its timed processes ~0.4 s shorter.
 */
export const PAIRED_BASE_CALIBRATION_MS = 10;

export interface MeasureOptions {
  benchDir: string;
  /** Processes per file and side on the CPU and wall clocks (and on the instruction clock when `countedRepetitions` is absent). */
  repetitions: number;
  /** Counted processes per file and side on the instruction clock (counts barely vary: 1 suffices). */
  countedRepetitions?: number;
  defaults: FileRunOptions['defaults'];
  calibrationTime: number;
  timeoutMs: number;
  /** Only the benchmarks whose id this accepts (all when absent). A file with no match runs none. */
  select?: (id: string) => boolean;
  /** Exactly these benchmark names per file (confirmation re-runs); other files are skipped. */
  names?: Map<string, string[]>;
  /**
   * What these files declare, already known from an earlier measurement (re-runs): no process is
   * started to learn it, so a file whose named benchmarks are all timed starts no counted process.
   */
  known?: Map<string, Array<{ name: string; options: BenchOptions }>>;
  /** Also estimate cycles from callgrind's cache simulation on the instruction clock (about twice as slow). */
  cacheSim?: boolean;
  /** Runs the timed processes as a stretch that measures time (SuiteContext.quiet): no other gauntlet work beside them. */
  quiet?: <T>(fn: () => Promise<T>) => Promise<T>;
  /** Whether and with what instructions are counted (detected when absent: valgrind installed and the hooks built). */
  counting?: InstructionSupport;
  /** Counted processes at once (default: GAUNTLET_INSTRUCTION_PARALLEL, else one per core). */
  parallel?: number;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  onProgress?: (done: number, total: number, label: string) => void;
  /**
   * What the stored baseline says each file declares (phases/plan.ts storedFilesOf). A file with a
   * counted benchmark that `select` accepts starts its counted process at once, which learns what the
   * file declares, with no listing process first; a file with only timed benchmarks, one of which
   * `select` accepts, is not listed either: its first timed process learns it. The other files are
   * listed beside them. A wrong guess
   * costs a process, never a figure.
   */
  stored?: ReadonlyMap<string, StoredFile>;
  /** Each step's wall time and processes, once it is done (phases/phase-times.ts). */
  onStep?: (step: MeasureStep, ms: number, processes: number) => void;
}

export interface MeasuredBench {
  id: string;
  file: string;
  name: string;
  options: BenchOptions;
  reps: RepetitionResult[];
  /** Error messages, one per failed repetition. */
  errors: string[];
}

export interface Measurement {
  benches: Map<string, MeasuredBench>;
  /** Files that did not load: relative file -> message. */
  fileErrors: Map<string, string>;
  /**
   * Instruction-clock benchmarks timed on the CPU clock instead (valgrind missing), or counted by
   * n/2n (`to`: the hooks addon does not load), and why: the report's note counts them.
   */
  fellBack?: { reason: string; ids: string[]; to?: 'n-2n' };
  /** Wall time of each file's processes (ms, all repetitions): what a file costs, to balance `--shard`. */
  fileMs: Map<string, number>;
}

/** A file's benchmarks in the stored baseline, by name: counted on the instruction clock, or timed. */
export interface StoredFile {
  counted: string[];
  timed: string[];
}

type Mode = 'counted' | 'differenced' | 'timed';
type Declared = Array<{ name: string; options: BenchOptions }>;

const emptyMeasurement = (): Measurement => ({
  benches: new Map(),
  fileErrors: new Map(),
  fileMs: new Map(),
});

/** Everything one measurement (one or two sides) shares: the options, what each file declares, progress. */
class Plan {
  /** What each file declares, once a process has loaded it (key: side root + file). */
  readonly declared = new Map<string, Promise<Declared | undefined>>();
  done = 0;
  total = 0;
  /**
   * Files expected to be timed only (MeasureOptions.stored): their first timed process learns what
   * they declare, through this function (the other processes of the file wait for it).
   */
  readonly forTimed = new Map<string, (d: Declared | undefined) => void>();
  /** Processes started per step. */
  readonly started: Record<MeasureStep, number> = { list: 0, counted: 0, timed: 0 };
  constructor(
    readonly o: MeasureOptions,
    readonly hooks: string | undefined,
    /** valgrind runs but without hooks: count by n/2n. */
    readonly differenced: boolean,
  ) {}

  get countedReps(): number {
    return this.o.countedRepetitions ?? this.o.repetitions;
  }

  clockOf(b: { options: BenchOptions }): Clock {
    return b.options.clock ?? this.o.defaults.clock;
  }

  modeOf(b: { options: BenchOptions }): Mode {
    if (this.clockOf(b) !== 'instructions') return 'timed';
    return this.hooks ? 'counted' : this.differenced ? 'differenced' : 'timed';
  }

  /** The benchmarks of `file` a process of `mode` measures. */
  pick(file: string, declared: Declared, mode: Mode): string[] {
    const only = this.o.names?.get(file);
    return declared
      .filter((b) => this.modeOf(b) === mode)
      .filter((b) =>
        only ? only.includes(b.name) : !this.o.select || this.o.select(benchId(file, this.o.benchDir, b.name)),
      )
      .map((b) => b.name);
  }
}

/**
 * The first process of a file on a side learns what the file declares: it claims the slot and gets
 * the function that fills it (undefined when another process already claimed it).
 */
function claimDeclared(plan: Plan, key: string): ((d: Declared | undefined) => void) | undefined {
  if (plan.declared.has(key)) return undefined;
  let declare!: (d: Declared | undefined) => void;
  plan.declared.set(key, new Promise((r) => (declare = r)));
  return declare;
}

/** A benchmark's figures in a measurement, created on its first repetition. */
function benchEntry(into: Measurement, id: string, file: string, name: string, options: BenchOptions): MeasuredBench {
  let m = into.benches.get(id);
  if (!m) into.benches.set(id, (m = { id, file, name, options, reps: [], errors: [] }));
  return m;
}

async function runRep(
  plan: Plan,
  side: Side,
  file: string,
  mode: Mode,
  into: Measurement,
  label: string,
): Promise<void> {
  const o = plan.o;
  if (o.signal?.aborted || into.fileErrors.has(file) || (o.names && !o.names.has(file))) return;
  const key = `${side.root}\0${file}`;
  const reserved = mode === 'timed' ? plan.forTimed.get(key) : undefined;
  if (reserved) plan.forTimed.delete(key);
  const known = reserved ? undefined : await plan.declared.get(key);
  if (into.fileErrors.has(file) || (known && plan.pick(file, known, mode).length === 0)) return;
  o.onProgress?.(plan.done, plan.total, label);
  const declare = reserved ?? claimDeclared(plan, key);
  let picked: string[] = [];
  const t0 = performance.now();
  plan.started[mode === 'timed' ? 'timed' : 'counted']++;
  const r = await runFileOnce({
    file: join(side.root, file),
    cwd: side.root,
    defaults: o.defaults,
    calibrationTime: side.calibrationTime ?? o.calibrationTime,
    timeoutMs: o.timeoutMs,
    signal: o.signal,
    env: o.env,
    pick: (d) => {
      // The declaration is known once the process has loaded the file, not when it ends: a counted
      // process runs for many seconds after that, and the other processes of this file wait for it.
      declare?.(d);
      return (picked = plan.pick(file, d, mode));
    },
    ...(mode === 'counted' && plan.hooks ? { valgrind: { hooks: plan.hooks, cacheSim: o.cacheSim } } : {}),
  });
  plan.done++;
  into.fileMs.set(file, (into.fileMs.get(file) ?? 0) + performance.now() - t0);
  // Not loaded (an error, or killed first): settled here, so nothing waits for it forever (no-op when loaded).
  declare?.(r.loadError === undefined ? r.benchmarks : undefined);
  if (r.loadError !== undefined) {
    into.fileErrors.set(file, r.loadError);
    return;
  }
  for (const b of r.benchmarks.filter((x) => picked.includes(x.name))) {
    const id = benchId(file, o.benchDir, b.name);
    const m = benchEntry(into, id, file, b.name, b.options);
    const res = r.results.get(b.name);
    if (res) m.reps.push(res);
    else m.errors.push(r.errors.get(b.name) ?? 'no result (the run was cut short)');
  }
}

/**
 * One repetition of a file's instruction-clock benchmarks without hooks: per benchmark, a process
 * that sizes and runs the loop n times, then one told to run it 2n times (instructions/difference.ts).
 */
async function runDifferenced(
  plan: Plan,
  side: Side,
  file: string,
  _mode: Mode,
  into: Measurement,
  label: string,
): Promise<void> {
  const o = plan.o;
  if (o.signal?.aborted || into.fileErrors.has(file) || (o.names && !o.names.has(file))) return;
  const key = `${side.root}\0${file}`;
  let declared = await plan.declared.get(key);
  o.onProgress?.(plan.done, plan.total, label);
  const t0 = performance.now();
  const once = (
    name: string | undefined,
    factor: 1 | 2,
    sizes?: { warmup: number; iterations: number },
    onLoad?: (d: Declared) => void,
  ) => {
    plan.started.counted++;
    return runFileOnce({
      file: join(side.root, file),
      cwd: side.root,
      defaults: o.defaults,
      calibrationTime: o.calibrationTime,
      timeoutMs: o.timeoutMs,
      signal: o.signal,
      env: o.env,
      // Until the file has loaded once, the first process learns what it declares and takes the first pick.
      pick: (d) => {
        onLoad?.(d);
        return plan
          .pick(file, d, 'differenced')
          .filter((n) => name === undefined || n === name)
          .slice(0, 1);
      },
      wholeProcess: { factor, ...(sizes ? { sizes } : {}), cacheSim: o.cacheSim },
    });
  };
  let first: Awaited<ReturnType<typeof once>> | undefined;
  if (!declared) {
    const declare = claimDeclared(plan, key);
    first = await once(undefined, 1, undefined, declare);
    declare?.(first.loadError === undefined ? first.benchmarks : undefined);
    if (first.loadError !== undefined) {
      into.fileErrors.set(file, first.loadError);
      return;
    }
    declared = first.benchmarks;
  }
  for (const name of plan.pick(file, declared, 'differenced')) {
    if (o.signal?.aborted) break;
    const b = declared.find((x) => x.name === name)!;
    const id = benchId(file, o.benchDir, name);
    const m = benchEntry(into, id, file, name, b.options);
    const one = first?.whole?.name === name ? first : await once(name, 1);
    const error = (r: typeof one) =>
      r.loadError ?? r.errors.get(name) ?? (r.whole ? undefined : 'no count (the run was cut short)');
    const e1 = error(one);
    if (e1 !== undefined || !one.whole) {
      m.errors.push(e1 ?? 'no count');
      continue;
    }
    const two = await once(name, 2, one.whole.sizes);
    const e2 = error(two);
    if (e2 !== undefined || !two.whole) {
      m.errors.push(e2 ?? 'no count');
      continue;
    }
    m.reps.push(differencedResult(perOperation(one.whole.totals, two.whole.totals, one.whole.sizes.iterations)));
  }
  plan.done++;
  into.fileMs.set(file, (into.fileMs.get(file) ?? 0) + performance.now() - t0);
}

/**
 * A repetition counted by n/2n: one figure (n = 1 sample). No calibration workloads ran (each would
 * need its own pair of processes): `cal` is 1, a placeholder; `method` keeps these figures from being
 * compared with counts made around the loop by the hooks (compare.ts).
 */
function differencedResult(perOp: Record<string, number>): RepetitionResult {
  const ir = Math.max(1, perOp.Ir ?? 1);
  const cycles = estimatedCycles(perOp);
  return {
    n: 1,
    mean: round6(ir),
    q: makeSketch([ir]),
    cal: 1,
    calN: 1,
    clock: 'instructions',
    instructions: round6(ir),
    ...(cycles !== undefined && cycles > 0 ? { cycles: round6(cycles) } : {}),
    method: 'n-2n',
  };
}

/** Run `tasks` with at most `width` at once, in order of start. */
async function pool(tasks: Array<() => Promise<void>>, width: number): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < tasks.length) await tasks[next++]!();
  };
  await Promise.all(Array.from({ length: Math.max(1, width) }, lane));
}

interface SideRun {
  side: Side;
  into: Measurement;
  label: string;
  files: string[];
}

/** How the counted phase starts when the stored baseline says what the files declare (MeasureOptions.stored). */
interface Hinted {
  /** Listing processes of the files the stored baseline does not settle. */
  tasks: Array<() => Promise<void>>;
  /** Counted benchmarks per file expected to count (absent: none). */
  counted: ReadonlyMap<string, number>;
  /** Files expected to have timed benchmarks only: their first timed process learns what they declare. */
  timedOnly: ReadonlySet<string>;
}

/** Counted processes of every side, file and repetition, on every core; repetition 0 of every file first (it tells what the file declares). */
async function countedPhase(plan: Plan, runs: SideRun[], then?: () => Promise<void>, hinted?: Hinted): Promise<void> {
  // Listing processes of the files not expected to count first (they are short), then the counted ones.
  const tasks: Array<() => Promise<void>> = [...(hinted?.tasks ?? [])];
  const mode = plan.hooks ? 'counted' : 'differenced';
  const run = mode === 'counted' ? runRep : runDifferenced;
  const reps = plan.countedReps;
  // The file with the most counted benchmarks first: its process is the longest, and a core left
  // idle at the end while it finishes alone is time lost (the timed processes wait for a free core).
  // (The listing phase has settled what each file declares; confirmation re-runs list nothing: no order.)
  // (With hints, the stored baseline's counts order the files: the listing is still under way.)
  const settled = new Map<Promise<Declared | undefined>, Declared | undefined>();
  if (!hinted) for (const d of plan.declared.values()) settled.set(d, await d);
  const counted = (s: SideRun, file: string): number => {
    if (hinted) return hinted.counted.get(file) ?? 0;
    const d = plan.declared.get(`${s.side.root}\0${file}`);
    return d ? (settled.get(d)?.filter((b) => plan.modeOf(b) === mode).length ?? 0) : 0;
  };
  const order = runs
    .flatMap((s) => s.files.map((file) => ({ s, file, n: counted(s, file) })))
    .sort((x, y) => y.n - x.n);
  const t0 = performance.now();
  let lastEnd = t0;
  const task = (s: SideRun, file: string, rep: number) => async () => {
    const before = plan.started.counted;
    await run(plan, s.side, file, mode, s.into, `counting ${rep + 1}/${reps}: ${s.label}${file}`);
    if (plan.started.counted > before) lastEnd = performance.now();
  };
  const late = order.filter(({ file }) => hinted?.timedOnly.has(file));
  for (let rep = 0; rep < reps; rep++)
    for (const { s, file } of order)
      if (!late.some((l) => l.s === s && l.file === file)) tasks.push(task(s, file, rep));
  // The timed processes are one more task, after the counted ones: they start on the first core a counted
  // process frees (the shorter files finish first), so they share the machine with one valgrind process
  // at most instead of waiting for all of them.
  if (then) tasks.push(then);
  // A file expected to be timed only is known once its first timed process has loaded it: its counted
  // task comes after the timed ones (before them, it would hold a core waiting for them). When the
  // guess was wrong, its counted process runs then: later, but no figure is lost.
  for (let rep = 0; rep < reps; rep++) for (const { s, file } of late) tasks.push(task(s, file, rep));
  // GAUNTLET_INSTRUCTION_PARALLEL caps it (a machine shared with others' measurements, or short of memory).
  await pool(tasks, plan.o.parallel ?? (Number(process.env.GAUNTLET_INSTRUCTION_PARALLEL) || cpus().length));
  // (A re-measurement of timed benchmarks only starts no counted process: no step to report.)
  if (plan.started.counted > 0) plan.o.onStep?.('counted', lastEnd - t0, plan.started.counted);
}

/** Timed processes one at a time; with two sides, pairs in alternating order (ABBA). */
async function timedPhase(plan: Plan, runs: SideRun[]): Promise<void> {
  const reps = plan.o.repetitions;
  const [first, second] = runs;
  if (!first) return;
  const paired = second ? first.files.filter((f) => second.files.includes(f)) : first.files;
  for (let rep = 0; rep < reps; rep++) {
    for (const file of paired) {
      const order = second ? (rep % 2 === 1 ? [second, first] : [first, second]) : [first];
      for (const s of order)
        await runRep(plan, s.side, file, 'timed', s.into, `repetition ${rep + 1}/${reps}: ${s.label}${file}`);
    }
  }
  // Files only one side has are measured too (they show as new, or as gone).
  for (const s of second ? runs : []) {
    for (const file of s.files.filter((f) => !paired.includes(f))) {
      for (let rep = 0; rep < reps; rep++)
        await runRep(plan, s.side, file, 'timed', s.into, `repetition ${rep + 1}/${reps}: ${s.label}${file}`);
    }
  }
}

/**
 * What each file declares, learnt by a plain process per file that loads it and measures nothing
 * (a fraction of a second each): a counted process under valgrind costs seconds before it can say
 * that a file has no benchmark on the instruction clock.
 */
function listTasks(plan: Plan, runs: SideRun[], onEnd: () => void): Array<() => Promise<void>> {
  const o = plan.o;
  return runs.flatMap((s) =>
    s.files.map((file) => async () => {
      const key = `${s.side.root}\0${file}`;
      const declare = claimDeclared(plan, key);
      if (!declare || o.signal?.aborted) return declare?.(undefined);
      plan.started.list++;
      const r = await runFileOnce({
        file: join(s.side.root, file),
        cwd: s.side.root,
        defaults: o.defaults,
        calibrationTime: o.calibrationTime,
        timeoutMs: o.timeoutMs,
        signal: o.signal,
        env: o.env,
        pick: (d) => {
          declare(d);
          return [];
        },
      });
      if (r.loadError !== undefined) s.into.fileErrors.set(file, r.loadError);
      declare(r.loadError === undefined ? r.benchmarks : undefined);
      onEnd();
    }),
  );
}

/**
 * What the stored baseline settles: the files with a counted benchmark that `select` accepts (their
 * counted process learns the rest), and the files with timed benchmarks only, one of which `select`
 * accepts (their first timed process learns it). A file whose stored benchmarks the filter all rejects
 * is listed (it may declare new ones; a listing process costs a fraction of a counted or timed one).
 */
function storedHints(o: MeasureOptions, stored: ReadonlyMap<string, StoredFile>): Omit<Hinted, 'tasks'> {
  const counted = new Map<string, number>();
  const timedOnly = new Set<string>();
  for (const [file, f] of stored) {
    const accepted = (names: string[]) =>
      names.filter((name) => !o.select || o.select(benchId(file, o.benchDir, name))).length;
    if (accepted(f.counted) > 0) counted.set(file, accepted(f.counted));
    else if (f.counted.length === 0 && accepted(f.timed) > 0) timedOnly.add(file);
  }
  return { counted, timedOnly };
}

async function measureSides(runs: SideRun[], o: MeasureOptions): Promise<void> {
  const support = o.counting ?? (await instructionSupport());
  const hooks = support.ok ? support.hooks : undefined;
  const counting = support.ok;
  const files = runs.reduce((n, s) => n + s.files.length, 0);
  const plan = new Plan(o, hooks, counting && !hooks);
  for (const [file, declared] of o.known ?? [])
    for (const s of runs) plan.declared.set(`${s.side.root}\0${file}`, Promise.resolve(declared));
  plan.total = files * (o.repetitions + (counting ? plan.countedReps : 0));
  const timed = async () => {
    const t0 = performance.now();
    try {
      await (o.quiet ? o.quiet(() => timedPhase(plan, runs)) : timedPhase(plan, runs));
    } finally {
      // A file the timed phase did not reach (aborted): settled, so no counted task waits for it forever.
      for (const declare of plan.forTimed.values()) declare(undefined);
      plan.forTimed.clear();
    }
    o.onStep?.('timed', performance.now() - t0, plan.started.timed);
  };
  if (counting) {
    // Counted processes on every core, the timed ones as one more task once a core is free.
    const hints = o.names || !o.stored?.size ? undefined : storedHints(o, o.stored);
    const t0 = performance.now();
    let listed = t0;
    const reportList = () => o.onStep?.('list', listed - t0, plan.started.list);
    if (!o.names && !hints) {
      await pool(
        listTasks(plan, runs, () => (listed = performance.now())),
        cpus().length,
      );
      reportList();
    }
    for (const s of runs)
      for (const f of s.files.filter((x) => hints?.timedOnly.has(x))) {
        const key = `${s.side.root}\0${f}`;
        const declare = claimDeclared(plan, key);
        if (declare) plan.forTimed.set(key, declare);
      }
    const unsettled = (f: string) => !hints?.counted.has(f) && !hints?.timedOnly.has(f);
    const hinted = hints && {
      ...hints,
      tasks: listTasks(
        plan,
        runs.map((s) => ({ ...s, files: s.files.filter(unsettled) })),
        () => (listed = performance.now()),
      ),
    };
    await countedPhase(plan, runs, () => timed(), hinted);
    if (hinted && plan.started.list > 0) reportList();
  } else await timed();
  o.onProgress?.(plan.total, plan.total, 'done');
  const why = !support.ok ? support.reason : support.hooks === undefined ? support.why : undefined;
  if (why === undefined) return;
  for (const s of runs) {
    const ids = [...s.into.benches.values()].filter((m) => plan.clockOf(m) === 'instructions').map((m) => m.id);
    if (ids.length) s.into.fellBack = { reason: why, ids, ...(support.ok ? { to: 'n-2n' as const } : {}) };
  }
}

/** K repetitions of every file of one side. */
export async function measure(side: Side, o: MeasureOptions): Promise<Measurement> {
  const into = emptyMeasurement();
  await measureSides([{ side, into, label: '', files: side.files }], o);
  return into;
}

/** Both sides, K repetitions each: counted processes in parallel, timed ones interleaved base/head pair by pair. */
export async function measureInterleaved(
  base: Side,
  head: Side,
  o: MeasureOptions,
): Promise<{ base: Measurement; head: Measurement }> {
  const b = emptyMeasurement();
  const h = emptyMeasurement();
  // Files only the base has are not measured (nothing to compare them with).
  const baseFiles = base.files.filter((f) => head.files.includes(f));
  await measureSides(
    [
      { side: { ...base, calibrationTime: PAIRED_BASE_CALIBRATION_MS }, into: b, label: 'base ', files: baseFiles },
      { side: head, into: h, label: 'head ', files: head.files },
    ],
    o,
  );
  return { base: b, head: h };
}
