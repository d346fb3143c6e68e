/**
 * Phase 5, persist: store this run as the baseline when `--save` asks and the shared policy allows it
 * (baselines/policy.ts: never in CI, never after a failing or cut-short run), and never from a run
 * whose CPU was so crowded that its figures describe the neighbours rather than the client.
 */
import { relative } from 'node:path';
import { writeBaseline, type Provenance } from '../../baselines/baseline-file.ts';
import { refuseSave } from '../../baselines/policy.ts';
import { suiteVerdict, type CheckResult } from '../../core/report.ts';
import type { StressMachine } from '../comparability.ts';
import type { StressBaseline } from '../stress-baseline.ts';

/** Why a baseline measured under this contention must not be stored, or undefined. Pure. */
export function crowdedSave(scenarios: StressBaseline['scenarios'], maxContention: number): string | undefined {
  const worst = Object.entries(scenarios)
    .filter(([, s]) => s.contention !== undefined)
    .sort(([, a], [, b]) => b.contention!.factor - a.contention!.factor)[0];
  if (!worst || worst[1].contention!.factor <= maxContention) return undefined;
  const f = worst[1].contention!.factor;
  return `baseline not saved: the CPU was crowded while scenario '${worst[0]}' ran (contention factor x${f.toFixed(1)}: its thread got 1/${f.toFixed(1)} of a core; maxSaveContention is ${maxContention}); save it when the machine is quieter`;
}

export interface PersistInput {
  save: boolean;
  ci: boolean;
  /** `--against`: the latency was judged against another commit; nothing is saved. */
  against?: string | undefined;
  aborted: boolean;
  checks: readonly CheckResult[];
  fresh: StressBaseline['scenarios'];
  maxSaveContention: number;
  baselineFile: string;
  rootDir: string;
  provenance: Provenance;
  machine: StressMachine;
  calibrationMs: number;
}

export interface Persisted {
  notes: string[];
  /** A refused save the user must see: an `error` check (the run exits 1). */
  checks: CheckResult[];
}

export async function persistStress(i: PersistInput): Promise<Persisted> {
  if (!i.save) return { notes: [], checks: [] };
  const refused = refuseSave({
    ci: i.ci,
    against: i.against,
    verdict: suiteVerdict([...i.checks]),
    aborted: i.aborted,
  });
  if (refused) return { notes: [refused], checks: [] };
  const crowded = crowdedSave(i.fresh, i.maxSaveContention);
  if (crowded)
    return {
      notes: [crowded],
      checks: [{ name: 'baseline:save', verdict: 'error', reasons: [crowded], change: 'new' }],
    };
  await writeBaseline(
    i.baselineFile,
    {
      schemaVersion: 1,
      provenance: i.provenance,
      machine: i.machine,
      calibrationMs: i.calibrationMs,
      scenarios: i.fresh,
    } satisfies StressBaseline,
    { ci: i.ci },
  );
  return { notes: [`baseline saved to ${relative(i.rootDir, i.baselineFile)}`], checks: [] };
}
