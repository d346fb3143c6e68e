import { z } from 'zod';
import type { ResolvedConfig, ResolvedSuite } from '../../config/load-config.ts';
import type { RunReport } from '../report.ts';
import { defineSuiteKind, type MeasuresTime, type SuiteContext } from '../suite-kind.ts';
import { resolvedConfig } from './resolved-config.ts';

/**
 * Fake kinds whose every step waits for a gate the test opens, so a test decides the interleaving
 * (no sleeps, no timing): `timed` runs alone, `untimed` measures no time, `stretchy` measures time
 * only inside ctx.quiet; `per-entry` suites take their timing from their entry. Each writes what it does to `log`.
 */
export class Script {
  readonly log: string[] = [];
  private readonly gates = new Map<string, () => void>();
  readonly failing = new Set<string>();

  gate(key: string, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      this.gates.set(key, () => {
        this.gates.delete(key);
        resolve();
      });
      signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
    });
  }
  pending(): string[] {
    return [...this.gates.keys()];
  }
  open(key: string): void {
    const g = this.gates.get(key);
    if (!g) throw new Error(`no gate ${key} (pending: ${this.pending().join(', ')})`);
    g();
  }
}

const entrySchema = <K extends string>(kind: K) => z.strictObject({ kind: z.literal(kind), name: z.string() });

/** What every scripted suite does: start, its body, then (when `stretch`) a quiet stretch and what follows it, end. */
async function runScript(script: Script, kind: string, n: string, stretch: boolean | 2, ctx: SuiteContext) {
  script.log.push(`start ${n}`);
  ctx.progress({ done: 0, total: 1 });
  await script.gate(`${n}:body`, ctx.signal);
  if (script.failing.has(n)) throw new Error(`${n} broke`);
  const quiet = (key: string) =>
    ctx.quiet(async () => {
      script.log.push(`quiet-start ${key}`);
      await script.gate(`${key}:quiet`, ctx.signal);
      script.log.push(`quiet-end ${key}`);
    });
  if (stretch) {
    // Two at once: both must run, one after the other, and the suite's lease must come back once.
    await (stretch === 2 ? Promise.all([quiet(n), quiet(`${n}2`)]) : quiet(n));
    await script.gate(`${n}:after`, ctx.signal);
  }
  script.log.push(`end ${n}`);
  return { kind, name: n, verdict: 'pass' as const, durationMs: 0, summary: n, checks: [] };
}

function scriptedKind<K extends string>(kind: K, measuresTime: MeasuresTime, script: Script) {
  return defineSuiteKind({
    kind,
    description: kind,
    entrySchema: entrySchema(kind),
    measuresTime,
    run: (entry, ctx) => runScript(script, kind, entry.name, measuresTime === 'in-quiet-stretches', ctx),
  });
}

/**
 * A kind that decides per entry: `measuresTime` comes from the entry, and an entry with `confirm`
 * (an untimed suite that measures one thing again alone, as golden confirms a slow case) takes a quiet stretch.
 */
function perEntryKind(script: Script) {
  return defineSuiteKind({
    kind: 'per-entry',
    description: 'per-entry timing',
    entrySchema: z.strictObject({
      kind: z.literal('per-entry'),
      name: z.string(),
      measuresTime: z.union([z.boolean(), z.literal('in-quiet-stretches')]),
      confirm: z.boolean().default(false),
      twoStretches: z.boolean().default(false),
    }),
    measuresTime: (entry) => entry.measuresTime,
    run: (entry, ctx) =>
      runScript(
        script,
        'per-entry',
        entry.name,
        entry.twoStretches ? 2 : entry.confirm || entry.measuresTime === 'in-quiet-stretches',
        ctx,
      ),
  });
}

export type Timing =
  | 'timed'
  | 'untimed'
  | 'stretchy'
  | 'entry-timed'
  | 'entry-untimed'
  | 'untimed-confirming'
  | 'untimed-two-stretches';

/** A run of every timing: a suite alone, one with quiet stretches, another alone, two untimed. */
export const mixed: Array<[Timing, string]> = [
  ['timed', 'g'],
  ['stretchy', 'b'],
  ['timed', 's'],
  ['untimed', 'c'],
  ['untimed', 'd'],
];

/** A config of scripted suites (`[timing, name]`, in order) and the script that drives them. */
export function scriptedConfig(suites: Array<[Timing, string]>, extra: Partial<ResolvedConfig> = {}) {
  const script = new Script();
  const kinds = {
    timed: scriptedKind('timed', true, script),
    untimed: scriptedKind('untimed', false, script),
    stretchy: scriptedKind('stretchy', 'in-quiet-stretches', script),
  };
  const perEntry = perEntryKind(script);
  const perEntryFields: Record<string, { measuresTime: boolean; confirm: boolean; twoStretches?: boolean }> = {
    'entry-timed': { measuresTime: true, confirm: false },
    'entry-untimed': { measuresTime: false, confirm: false },
    'untimed-confirming': { measuresTime: false, confirm: true },
    'untimed-two-stretches': { measuresTime: false, confirm: false, twoStretches: true },
  };
  const config = resolvedConfig(
    suites.map(([timing, name]): ResolvedSuite => {
      const fields = perEntryFields[timing];
      if (fields) return { kind: 'per-entry', name, entry: { kind: 'per-entry', name, ...fields }, definition: perEntry };
      return { kind: timing, name, entry: { kind: timing, name }, definition: kinds[timing as keyof typeof kinds] };
    }),
    extra,
  );
  return { script, config };
}

/** Let every pending promise chain run (no timers involved). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
}

/** Open pending gates one at a time, `pick` choosing which, until the run ends. */
export async function drive(script: Script, run: Promise<RunReport>, pick: (pending: string[]) => string): Promise<RunReport> {
  let done = false;
  void run.finally(() => (done = true));
  for (;;) {
    await settle();
    if (done) return run;
    const pending = script.pending();
    if (!pending.length) throw new Error(`stuck: nothing pending, log: ${script.log.join(' | ')}`);
    script.open(pick(pending));
  }
}
