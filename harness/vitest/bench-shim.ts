/**
 * What `import { bench, describe } from 'vitest'` resolves to inside gauntlet's bench worker, so
 * benchmark files written for `vitest bench` run unchanged under gauntlet's gate (clocks, baselines,
 * `--against`). A benchmark inside `describe('a', ...)` is named `a > name`, as vitest names it.
 *
 * vitest's tinybench options `time`, `iterations` and `warmupTime` carry over; gauntlet's own
 * options (`clock`, `memory`, `threshold`, `tolerance`, `timeoutMs`) may be added to the same object.
 * `setup`/`teardown` hooks and the other test APIs (`expect`, `beforeAll`...) are not supported here.
 */
import { bench as declare, type BenchFn, type BenchOptions } from '../bench/api.ts';

type VitestBenchOptions = BenchOptions & {
  warmupIterations?: number;
  setup?: unknown;
  teardown?: unknown;
  throws?: boolean;
};

const prefix: string[] = [];
const named = (name: string) => [...prefix, name].join(' > ');
const CARRIED = ['time', 'iterations', 'warmupTime', 'clock', 'memory', 'threshold', 'tolerance', 'timeoutMs'] as const;

function carried(options: VitestBenchOptions = {}): BenchOptions {
  if (options.setup || options.teardown)
    throw new TypeError(
      'vitest bench setup/teardown hooks are not supported under gauntlet: do the set-up at the top of the file or inside describe',
    );
  const out: Record<string, unknown> = {};
  for (const k of CARRIED) if (options[k] !== undefined) out[k] = options[k];
  return out;
}

function benchImpl(name: string, fn?: BenchFn, options?: VitestBenchOptions): void {
  if (fn === undefined) return; // bench.todo style: no function, nothing to measure
  declare(named(name), fn, carried(options));
}

/** vitest's `bench(name, fn, options)`: declares a gauntlet benchmark. */
export const bench = Object.assign(benchImpl, {
  skip: (_name: string, _fn?: BenchFn, _options?: VitestBenchOptions) => {},
  todo: (_name: string) => {},
  only: benchImpl,
  skipIf: (condition: unknown) => (condition ? () => {} : benchImpl),
  runIf: (condition: unknown) => (condition ? benchImpl : () => {}),
});

function describeImpl(name: string, body?: () => unknown): void {
  if (!body) return;
  prefix.push(name);
  try {
    const r = body();
    if (r && typeof (r as Promise<unknown>).then === 'function')
      throw new TypeError(
        `describe('${name}'): an async describe body is not supported under gauntlet; declare benchmarks synchronously`,
      );
  } finally {
    prefix.pop();
  }
}

/** vitest's `describe(name, body)`: prefixes the names of the benchmarks declared in `body`. */
export const describe = Object.assign(describeImpl, {
  skip: (_name: string, _body?: () => unknown) => {},
  todo: (_name: string) => {},
  only: describeImpl,
  skipIf: (condition: unknown) => (condition ? () => {} : describeImpl),
  runIf: (condition: unknown) => (condition ? describeImpl : () => {}),
});
export const suite = describe;
