/**
 * How one fuzzed input ended: a valid result, a clear error (a GauntletError with exit code 2 that
 * names the file, shown as one line), or a crash (anything else). NaN in a valid result and stack
 * traces in what the user sees are counted separately.
 */
import { isGauntletError } from '../../harness/core/errors.ts';

export interface Tally {
  boundary: string;
  inputs: number;
  valid: number;
  clearError: number;
  /** Clear errors that also name the field or the line. */
  fieldOrLine: number;
  crash: number;
  stackShown: number;
  nan: number;
  /** The first few crashes and NaNs, for the report. */
  examples: string[];
  ms: number;
}

export const newTally = (boundary: string): Tally => ({
  boundary,
  inputs: 0,
  valid: 0,
  clearError: 0,
  fieldOrLine: 0,
  crash: 0,
  stackShown: 0,
  nan: 0,
  examples: [],
  ms: 0,
});

const STACK = /\n\s+at .+[:(]/;

function example(t: Tally, what: string, input: unknown): void {
  if (t.examples.length < 5) t.examples.push(`${what} <- ${JSON.stringify(input)?.slice(0, 200)}`);
}

/** The path to the first NaN in a value, for the report ('' when none). */
export function nanPath(v: unknown, path = '', seen = new Set<unknown>()): string | undefined {
  if (typeof v === 'number') return Number.isNaN(v) ? path || '(root)' : undefined;
  if (v === null || typeof v !== 'object' || seen.has(v)) return undefined;
  seen.add(v);
  for (const [k, x] of Object.entries(v)) {
    const p = nanPath(x, Array.isArray(v) ? `${path}[${k}]` : path ? `${path}.${k}` : k, seen);
    if (p) return p;
  }
  return undefined;
}

/** True when a NaN sits anywhere in a value (functions and cycles skipped). */
export function hasNaN(v: unknown, seen = new Set<unknown>()): boolean {
  if (typeof v === 'number') return Number.isNaN(v);
  if (v === null || typeof v !== 'object' || seen.has(v)) return false;
  seen.add(v);
  if (Array.isArray(v)) return v.some((x) => hasNaN(x, seen));
  if (v instanceof Map || v instanceof Set) return [...v.values()].some((x) => hasNaN(x, seen));
  return Object.values(v).some((x) => hasNaN(x, seen));
}

/** Call a boundary with one input; `check` may inspect a valid result and return a problem. */
export async function classify<T>(
  t: Tally,
  input: unknown,
  call: () => Promise<T> | T,
  check?: (r: T) => string | undefined,
): Promise<void> {
  t.inputs++;
  let result: T;
  try {
    result = await call();
  } catch (e) {
    if (isGauntletError(e) && e.exitCode === 2 && e.location.file) {
      const shown = e.describe();
      if (STACK.test(shown) || shown.includes('\n')) {
        t.stackShown++;
        example(t, `multi-line error: ${shown.slice(0, 120)}`, input);
      }
      t.clearError++;
      if (e.location.field || e.location.line) t.fieldOrLine++;
      return;
    }
    t.crash++;
    example(t, `crash: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`.slice(0, 200), input);
    return;
  }
  const problem = hasNaN(result) ? `NaN in result at ${nanPath(result)}` : check?.(result);
  if (problem) {
    t.nan++;
    example(t, problem, input);
    return;
  }
  t.valid++;
}

/** Classify a CLI run from its exit code and stderr: 0/1 valid, 2 with a short message clear, else crash. */
export function classifyCli(t: Tally, input: unknown, code: number, stderr: string, problem?: string): void {
  t.inputs++;
  if (STACK.test(stderr) || stderr.includes('internal error')) {
    t.stackShown += STACK.test(stderr) ? 1 : 0;
    t.crash++;
    example(t, `exit ${code}: ${stderr.slice(0, 160)}`, input);
    return;
  }
  if (code === 2) {
    // Commander adds hint lines: "(Did you mean --x?)" and "(run with --help for usage)".
    const lines = stderr
      .split('\n')
      .filter((l) => l && !l.startsWith('(run with --help') && !l.startsWith('(Did you mean'));
    if (lines.length === 1) {
      t.clearError++;
      if (/: /.test(lines[0]!)) t.fieldOrLine++;
    } else {
      t.crash++;
      example(t, `exit 2 with ${lines.length} lines: ${stderr.slice(0, 160)}`, input);
    }
    return;
  }
  if (code === 0 || code === 1) {
    if (problem) {
      t.nan++;
      example(t, problem, input);
    } else t.valid++;
    return;
  }
  t.crash++;
  example(t, `exit ${code}: ${stderr.slice(0, 160)}`, input);
}
