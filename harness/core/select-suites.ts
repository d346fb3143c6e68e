import { UsageError } from './errors.ts';
import { unitsForShard } from './shard-plan.ts';
import type { LastRun } from './shard-timings.ts';

/** Which of the configured suites a run (or one shard of it) runs. */
export interface SuiteSelection {
  /** Suite names or kinds to run; all configured suites when empty. */
  only?: string[];
  /** Restrict to these kinds (e.g. `gauntlet golden`). */
  kinds?: string[];
  /** Run one shard of the suites (`--shard i/n`). */
  shard?: { index: number; total: number };
  /** The last unsharded or merged run's durations (`--shard`; cli/last-run.ts): they balance the split. */
  previous?: LastRun;
}

type Selectable = { kind: string; name: string; definition?: { mergeShards?: unknown } };

/**
 * The suites a run (or one shard of it) runs, in config order. Under `--shard i/n` a suite whose
 * kind splits its own work (`mergeShards`) runs on every shard, on its share; the other suites are
 * dealt whole across the shards, balanced by their durations in `previous` (the last unsharded or
 * merged run) when given, else round-robin.
 */
export function selectSuites<S extends Selectable>(all: S[], options: SuiteSelection): S[] {
  let chosen = all;
  if (options.kinds?.length) chosen = chosen.filter((s) => options.kinds!.includes(s.kind));
  if (options.only?.length) {
    for (const want of options.only) {
      if (!chosen.some((s) => s.name === want || s.kind === want)) {
        throw new UsageError(
          `no configured suite or kind named '${want}' (configured: ${all.map((s) => s.name).join(', ') || 'none'})`,
        );
      }
    }
    chosen = chosen.filter((s) => options.only!.includes(s.name) || options.only!.includes(s.kind));
  }
  if (options.shard) {
    const whole = chosen.filter((s) => !s.definition?.mergeShards);
    const durations = new Map((options.previous?.suites ?? []).map((r) => [`${r.kind}/${r.name}`, r.durationMs]));
    const mine = new Set(
      unitsForShard(
        whole.map((s) => `${s.kind}/${s.name}`),
        options.shard,
        durations,
      ).indices.map((i) => whole[i]!),
    );
    chosen = chosen.filter((s) => s.definition?.mergeShards || mine.has(s));
  }
  return chosen;
}
