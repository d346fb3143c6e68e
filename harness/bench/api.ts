/**
 * The benchmark-writing API, in the style of vitest's `bench(name, fn, options)`:
 *
 *   import { bench } from 'gauntlet';
 *   bench('select 100 candidates', () => { select(cands, config, 1); }, { time: 300 });
 *
 * A `*.bench.ts` file only declares benchmarks; the harness imports it in a child process and runs
 * them there. Declarations go to a registry on `globalThis` (not a module variable) so that a bench
 * file resolving `gauntlet` to another copy of the harness (a `--against` worktree) still reaches
 * the worker that imported it.
 */
export interface BenchOptions {
  /** Measuring time per repetition, ms (tinybench `time`). Default: the suite's `time`. */
  time?: number;
  /** Minimum iterations per repetition (tinybench `iterations`). Default: the suite's `iterations` (16). */
  iterations?: number;
  /** Warm-up time before measuring, ms. Default: the suite's `warmupTime`. */
  warmupTime?: number;
  /**
   * What a sample measures. Default: the suite's `clock` ('instructions'). 'instructions': instructions
   * executed, counted by valgrind around the measured loop only (repeatable to well under 1% on any
   * machine with the same Node; for CPU-bound code; needs the Debian package `valgrind`, else timed on
   * the CPU clock with a note). 'cpu': process CPU time (does not count time spent waiting for a core
   * on a shared runner); operations under 0.2 ms are timed in batches (the clock has 1 µs resolution).
   * 'wall': elapsed time, for benchmarks that wait on I/O or other processes, such as a round trip to a server.
   */
  clock?: 'cpu' | 'wall' | 'instructions';
  /** Also report the bytes allocated on the V8 heap per operation (`heap_bytes_per_op`; reported, not judged). Default false. */
  memory?: boolean;
  /** Time limit for this benchmark in one repetition, warm-up included, ms. Default: the suite's `timeoutMs`. */
  timeoutMs?: number;
  /** The slowdown the gate must catch (0.2 = 20%); the report warns when noise makes it undetectable. */
  threshold?: number;
  /** Slowdowns up to this fraction are accepted even when credible (default: the suite's `tolerance`, on the instruction clock its `instructionTolerance`). */
  tolerance?: number;
}

/** A benchmark's function: sync or async; its return value is ignored. */
export type BenchFn = () => unknown;

export interface DeclaredBench {
  name: string;
  fn: BenchFn;
  options: BenchOptions;
}

const REGISTRY = Symbol.for('gauntlet.bench.registry');

type Registry = { benches: DeclaredBench[] };

function registry(): Registry {
  const g = globalThis as unknown as Record<symbol, Registry | undefined>;
  return (g[REGISTRY] ??= { benches: [] });
}

/** Declare a benchmark. Names must be unique within their file. */
export function bench(name: string, fn: BenchFn, options: BenchOptions = {}): void {
  if (typeof name !== 'string' || name.trim() === '')
    throw new TypeError('bench(name, fn): name must be a non-empty string');
  if (typeof fn !== 'function') throw new TypeError(`bench('${name}', fn): fn must be a function`);
  const benches = registry().benches;
  if (benches.some((b) => b.name === name))
    throw new TypeError(`bench('${name}'): a benchmark with this name is already declared in this file`);
  benches.push({ name, fn, options: { ...options } });
}

/** The benchmarks declared since the last call, and forget them (the worker calls this after importing a file). */
export function takeDeclaredBenches(): DeclaredBench[] {
  const r = registry();
  const out = r.benches;
  r.benches = [];
  return out;
}
