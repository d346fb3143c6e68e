/**
 * Can a stored benchmark figure be compared with one measured here? Pure: two fingerprints and a
 * clock in, the differences that matter for that clock out. An empty list means comparable.
 *
 * - Instruction counts depend on the code that runs, not on the machine's speed: they are compared
 *   directly when Node, V8, the architecture, the CPU's instruction-set extensions, the heap limit
 *   and the counter match, and the calibration workloads count the same instructions. Under valgrind
 *   on x86-64 the extensions that count are those valgrind shows the process (valgrindGuestCpu), not
 *   the host's: counts from an AVX-512 Xeon and an AMD EPYC compare directly.
 * - Times depend on the machine as well: CPU model and core count, the OS, and how fast the
 *   calibration workloads ran. A calibration part further from the stored one than the same
 *   machine ever shows (SAME_MACHINE_SPREAD) means another machine, or a load so different that
 *   absolute times say nothing. When the suite divides each benchmark by the sort workload of its
 *   own process (`normalize`, the default), a shift that moves every workload alike (a busy
 *   machine, a uniformly faster one) cancels in the comparison, so then only the workloads moving
 *   apart from the sort workload count: the shape of the vector, which normalising cannot correct.
 */
import { valgrindGuestCpu, type Fingerprint } from './fingerprint.ts';
import { CALIBRATION_WORKLOADS, type Clock } from './protocol.ts';

/**
 * Largest ratio between two runs' calibration figures that one machine shows on a time clock
 * (either direction). `gauntlet bench --calibrate` reports the spread it measured
 * (docs/calibration/bench.md): the largest seen on this 2-core shared machine under load is well
 * inside this bound; a different CPU generation is usually outside it.
 */
export const SAME_MACHINE_SPREAD = 1.35;

/**
 * Largest movement of a calibration workload relative to the sort workload (the vector's shape, with
 * `normalize`) that one machine shows. Wider than SAME_MACHINE_SPREAD: the vector's workloads are short
 * (0.02-0.05 ms a call), and on this 2-core machine, with the same code and a baseline saved a minute
 * earlier, 'float' moved 0.56x and 'memory' 0.70x relative to sort (fresh-clone `.ci/run`, 2026-11-27
 * 19:05 UTC), which made a same-machine baseline "not comparable" and hid a 10x slowdown. Over 11
 * runs of `gauntlet bench --calibrate` (load 7-18) the largest movement was 1.97x (memory;
 * docs/calibration/bench.md): 2.5x sits 1.27x above the largest seen.
 */
export const SAME_MACHINE_SHAPE_SPREAD = 2.5;

/** Instruction counts of the calibration workloads repeat to ~1e-6; more than this is other code. */
export const INSTRUCTION_CALIBRATION_TOLERANCE = 0.02;

type Part = keyof Fingerprint;

const CODE_PARTS: Part[] = ['node', 'v8', 'arch', 'cpuFlags', 'heapLimit'];
const MACHINE_PARTS: Part[] = ['cpu', 'cores', 'os'];

const LABELS: Record<string, string> = {
  node: 'Node version',
  v8: 'V8 version',
  arch: 'architecture',
  cpuFlags: 'CPU instruction-set extensions',
  heapLimit: 'V8 heap limit',
  guestCpu: 'CPU valgrind shows the counted process',
  counter: 'instruction counter',
  cpu: 'CPU model',
  cores: 'core count',
  os: 'OS',
};

const show = (v: unknown): string => (Array.isArray(v) ? `${v.length} flags` : String(v));

/** Both counted under valgrind on x86-64 on hosts with AVX: compare the CPU valgrind shows them instead of the hosts' flags. */
function bothUnderValgrind(a: Fingerprint, b: Fingerprint): boolean {
  return [a, b].every(
    (f) =>
      f.arch === 'x64' &&
      f.counter?.startsWith('valgrind') === true &&
      f.cpuFlags !== undefined &&
      valgrindGuestCpu(f.cpuFlags) !== undefined,
  );
}

function differs(stored: Fingerprint, here: Fingerprint, part: Part | 'guestCpu'): string | undefined {
  if (part === 'guestCpu') {
    const [a, b] = [valgrindGuestCpu(stored.cpuFlags!), valgrindGuestCpu(here.cpuFlags!)];
    return a === b ? undefined : `${LABELS.guestCpu}: ${a} in the baseline, ${b} here`;
  }
  const a = stored[part];
  const b = here[part];
  if (a === undefined && b === undefined) return undefined;
  if (a === undefined) return `the baseline does not record its ${LABELS[part]}`;
  if (b === undefined) return `the ${LABELS[part]} here is unknown`;
  if (JSON.stringify(a) === JSON.stringify(b)) return undefined;
  if (Array.isArray(a) && Array.isArray(b)) {
    const added = b.filter((f) => !a.includes(f));
    const gone = a.filter((f) => !b.includes(f));
    return `${LABELS[part]} differ (${[...added.map((f) => `+${f}`), ...gone.map((f) => `-${f}`)].join(' ')})`;
  }
  return `${LABELS[part]}: ${show(a)} in the baseline, ${show(b)} here`;
}

export interface ComparabilityOptions {
  /** Time benchmarks are divided by the same-process sort workload: compare the vector's shape (each part relative to sort). */
  normalized?: boolean;
}

/** Calibration parts outside the same-machine ratio, as differences (needs both runs' figures, so known only after measuring). */
export function calibrationDifferences(
  stored: Fingerprint,
  here: Fingerprint,
  clock: Clock,
  o: ComparabilityOptions = {},
): string[] {
  // A time benchmark's speed is judged by the time-clock calibration both runs measured (the
  // processes measure it on the suite's clock, whichever clock a benchmark uses); instruction
  // counts are judged by the code parts, and their calibration counts are a cross-check when both
  // sides counted them.
  const clocks = (clock === 'instructions' ? ['instructions'] : ['cpu', 'wall']) as Clock[];
  const both = clocks.filter((c) => stored.calibration?.[c] && here.calibration?.[c]);
  if (both.length === 0) {
    if (clock === 'instructions') return [];
    return [
      stored.calibration?.cpu || stored.calibration?.wall
        ? 'no calibration figures were measured here on a time clock'
        : 'the baseline records no calibration figures on a time clock',
    ];
  }
  const limit = clock === 'instructions' ? 1 + INSTRUCTION_CALIBRATION_TOLERANCE : SAME_MACHINE_SPREAD;
  const out: string[] = [];
  for (const c of both) {
    const ratio = (p: 'sort' | (typeof CALIBRATION_WORKLOADS)[number]): number | undefined => {
      const a = stored.calibration![c]![p];
      const b = here.calibration![c]![p];
      return a === undefined || b === undefined ? undefined : b / a; // undefined: a part one run did not measure
    };
    const sort = ratio('sort');
    // Dividing by the sort workload cancels a load that slows everything alike: CPU-bound work. A
    // wall-clock benchmark waits on the event loop, sockets and the scheduler, which a busy host slows
    // far more (2026-11-28: the sort workload 1.67x its stored figure, the LLM round trips 4.1x), so
    // for it the raw movement counts: the host's condition itself.
    const shape = clock === 'cpu' && o.normalized === true && sort !== undefined;
    const bound = shape ? SAME_MACHINE_SHAPE_SPREAD : limit;
    for (const p of shape ? CALIBRATION_WORKLOADS : (['sort', ...CALIBRATION_WORKLOADS] as const)) {
      const raw = ratio(p);
      if (raw === undefined) continue;
      const r = shape ? raw / sort : raw;
      if (r > bound || r < 1 / bound)
        out.push(
          shape
            ? `calibration '${p}' (${c} clock) moved ${r.toFixed(3)}x relative to the sort workload since the baseline (same machine: within ${bound.toFixed(2)}x)`
            : `calibration '${p}' (${c} clock) ${r.toFixed(3)}x the baseline's (same machine: within ${limit.toFixed(2)}x)`,
        );
    }
  }
  return out;
}

/** The parts known before anything is measured (all but the calibration figures) that differ for `clock`. */
export function staticDifferences(stored: Fingerprint, here: Fingerprint, clock: Clock): string[] {
  const counted = (): Array<Part | 'guestCpu'> => [
    ...CODE_PARTS.map((p) => (p === 'cpuFlags' && bothUnderValgrind(stored, here) ? ('guestCpu' as const) : p)),
    'counter',
  ];
  const parts = clock === 'instructions' ? counted() : [...CODE_PARTS, ...MACHINE_PARTS];
  return parts.map((p) => differs(stored, here, p)).filter((d): d is string => d !== undefined);
}

/** What keeps a stored figure on `clock` from being compared with one measured here ([] = comparable). */
export function fingerprintDifferences(
  stored: Fingerprint,
  here: Fingerprint,
  clock: Clock,
  o: ComparabilityOptions = {},
): string[] {
  return [...staticDifferences(stored, here, clock), ...calibrationDifferences(stored, here, clock, o)];
}
