/**
 * Phase 2, measure: the head's processes, and the base's when the plan names a commit to measure
 * (a temporary git worktree, base and head interleaved pair by pair). Also the re-measurements the
 * later phases ask for: a baseline commit measured now for benchmarks whose stored figures turn out
 * not comparable, and the confirmation re-run, which measures both sides whenever the base can be
 * measured.
 */
import { discoverBenchFiles } from '../discover.ts';
import { measure, measureInterleaved, type Measurement, type MeasureOptions, type Side } from '../measure.ts';
import { addWorktree, type Worktree } from '../worktree.ts';
import { storedCountsOnly, type BenchPlan } from './plan.ts';
import type { PhaseTimes, Stage } from './phase-times.ts';

export interface Measured {
  head: Measurement;
  /** Present when the base was measured in this run (paired with the head). */
  base?: Measurement;
}

export interface SidesMeasurer {
  /** Label of the measured base ("origin/main (1a2b3c4d5e)"), when there is one to measure. */
  readonly baseLabel: string | undefined;
  /** The plan's measurement. */
  first(): Promise<Measured>;
  /** These benchmarks again: interleaved with the base when it can be measured, else the head alone. */
  again(ids: ReadonlySet<string>, head: Measurement, stage?: Stage): Promise<Measured>;
  /** Remove the temporary worktree. */
  dispose(): Promise<void>;
}

export interface MeasureSidesInput {
  plan: BenchPlan;
  rootDir: string;
  benchDir: string;
  only?: string[];
  options: Omit<MeasureOptions, 'select' | 'names' | 'known' | 'onStep'>;
  /** Receives each step's time (the worktree, and list / counted / timed per stage). */
  times?: PhaseTimes;
}

/**
 * Per file, the names of these benchmarks (what a re-measurement runs), and what the head's
 * measurement learnt they declare (so that no process runs only to learn it again).
 */
export function namesOf(
  ids: ReadonlySet<string>,
  head: Measurement,
): Pick<MeasureOptions, 'select' | 'names' | 'known'> {
  const names = new Map<string, string[]>();
  const known: NonNullable<MeasureOptions['known']> = new Map();
  for (const m of head.benches.values()) {
    if (!ids.has(m.id)) continue;
    names.set(m.file, [...(names.get(m.file) ?? []), m.name]);
    known.set(m.file, [...(known.get(m.file) ?? []), { name: m.name, options: m.options }]);
  }
  return { select: (id) => ids.has(id), names, known };
}

export function sidesMeasurer(i: MeasureSidesInput): SidesMeasurer {
  const { plan } = i;
  const headSide: Side = { root: i.rootDir, files: plan.files };
  const filter = plan.filter;
  const select = filter ? (id: string) => filter.some((f) => id.includes(f)) : undefined;
  const ref = plan.base.kind === 'ref' ? plan.base.ref : plan.base.kind === 'stored' ? plan.base.commit : undefined;
  let worktree: Worktree | undefined;
  let baseSide: Side | undefined;
  let label: string | undefined =
    plan.base.kind === 'ref'
      ? plan.base.label
      : plan.base.kind === 'stored' && ref
        ? `baseline commit ${ref.slice(0, 10)}`
        : undefined;

  async function openBase(): Promise<Side | undefined> {
    if (!ref) return undefined;
    if (baseSide) return baseSide;
    const t0 = performance.now();
    worktree = await addWorktree(i.rootDir, ref);
    i.times?.add('worktree', performance.now() - t0);
    const root = worktree.root;
    if (plan.base.kind === 'ref' && plan.base.ref === plan.base.label)
      label = `${plan.base.label} (${worktree.commit.slice(0, 10)})`;
    baseSide = { root, files: await discoverBenchFiles(root, i.benchDir, i.only) };
    return baseSide;
  }

  const options = (stage: Stage): MeasureSidesInput['options'] & Pick<MeasureOptions, 'onStep'> => ({
    ...i.options,
    onStep: (step, ms, processes) => i.times?.add(`${stage}.${step}`, ms, processes),
  });

  return {
    get baseLabel() {
      return label;
    },
    async first() {
      if (plan.base.kind !== 'ref') return { head: await measure(headSide, { ...options('first'), select }) };
      // Files whose counts are compared with the stored ones are not measured on the base side; with
      // none left (a shard of counted files, `-t` on counted benchmarks) no worktree is made.
      const countsOnly = storedCountsOnly(plan, i.benchDir, select);
      if (plan.files.every((f) => countsOnly.has(f)))
        return { head: await measure(headSide, { ...options('first'), select }) };
      const base = (await openBase())!;
      const files = base.files.filter((f) => !countsOnly.has(f));
      return measureInterleaved({ ...base, files }, headSide, { ...options('first'), select });
    },
    async again(ids, head, stage = 'confirm') {
      const base = await openBase();
      const o = { ...options(stage), ...namesOf(ids, head) };
      return base ? measureInterleaved(base, headSide, o) : { head: await measure(headSide, o) };
    },
    async dispose() {
      await worktree?.remove();
    },
  };
}
