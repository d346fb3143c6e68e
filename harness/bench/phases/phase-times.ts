/**
 * Where a bench run's time went, step by step: listing what the files declare, the counted
 * (valgrind) processes, the timed processes, the base's worktree, and the same again for a
 * re-measurement or a confirmation. Wall milliseconds and processes per step; the counted and the
 * timed processes of one measurement overlap (the timed ones start on the first free core), so
 * their times do not add up to the suite's.
 */

/** The steps of one measurement. */
export type MeasureStep = 'list' | 'counted' | 'timed';
/** Which measurement of the run a step belongs to. */
export type Stage = 'first' | 'remeasure' | 'confirm';

interface Entry {
  ms: number;
  processes: number;
}

export class PhaseTimes {
  private readonly entries = new Map<string, Entry>();

  /** Add `ms` (and `processes`) to the step `name` ("first.counted", "worktree", ...). */
  add(name: string, ms: number, processes = 0): void {
    const e = this.entries.get(name) ?? { ms: 0, processes: 0 };
    e.ms += ms;
    e.processes += processes;
    this.entries.set(name, e);
  }

  /** `phase_<step>_ms` (and `phase_<step>_processes`) per step, for the report's metrics. */
  metrics(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, e] of this.entries) {
      const key = name.replace(/\./g, '_');
      out[`phase_${key}_ms`] = Math.round(e.ms);
      if (e.processes) out[`phase_${key}_processes`] = e.processes;
    }
    return out;
  }

  /** One line: "time: first.list 0.9 s (2 processes), first.counted 21.3 s (3), ...". */
  note(): string | undefined {
    if (this.entries.size === 0) return undefined;
    const parts = [...this.entries].map(
      ([name, e]) =>
        `${name} ${(e.ms / 1000).toFixed(1)} s${e.processes ? ` (${e.processes} ${e.processes === 1 ? 'process' : 'processes'})` : ''}`,
    );
    return `time by step (wall; counted and timed processes overlap): ${parts.join(', ')}`;
  }
}
