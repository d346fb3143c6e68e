import { z } from 'zod';
import type { ResolvedConfig } from '../../config/load-config.ts';
import type { RunReport } from '../report.ts';
import { defineSuiteKind, type MeasuresTime } from '../suite-kind.ts';
import { resolvedConfig } from './resolved-config.ts';

/**
 * Fake kinds whose every step waits for a gate the test opens, so a test decides the interleaving
 * (no sleeps, no timing): `timed` runs alone, `untimed` measures no time, `stretchy` measures time
 * only inside ctx.quiet. Each writes what it does to `log`.
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

function scriptedKind<K extends string>(kind: K, measuresTime: MeasuresTime, script: Script) {
  return defineSuiteKind({
    kind,
    description: kind,
    entrySchema: entrySchema(kind),
    measuresTime,
    async run(entry, ctx) {
      const n = entry.name;
      script.log.push(`start ${n}`);
      ctx.progress({ done: 0, total: 1 });
      await script.gate(`${n}:body`, ctx.signal);
      if (script.failing.has(n)) throw new Error(`${n} broke`);
      if (measuresTime === 'in-quiet-stretches') {
        await ctx.quiet(async () => {
          script.log.push(`quiet-start ${n}`);
          await script.gate(`${n}:quiet`, ctx.signal);
          script.log.push(`quiet-end ${n}`);
        });
        await script.gate(`${n}:after`, ctx.signal);
      }
      script.log.push(`end ${n}`);
      return { kind, name: n, verdict: 'pass', durationMs: 0, summary: n, checks: [] };
    },
  });
}

export type Timing = 'timed' | 'untimed' | 'stretchy';

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
  const config = resolvedConfig(
    suites.map(([timing, name]) => ({
      kind: timing,
      name,
      entry: { kind: timing, name },
      definition: kinds[timing],
    })),
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
