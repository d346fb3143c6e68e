/** Phase 6, report: the notes about the stored baseline and the suite's one report. Pure. */
import { relative } from 'node:path';
import { provenanceMismatch, type Provenance } from '../../baselines/baseline-file.ts';
import { missingBaselineCheck } from '../../baselines/policy.ts';
import { suiteVerdict, type Artifact, type CheckResult, type SuiteReport } from '../../core/report.ts';
import type { StressBaseline } from '../stress-baseline.ts';
import type { StressEntry } from '../suite-schema.ts';
import type { StressPlan } from './plan.ts';

/** The missing-baseline check, or notes on how the stored one relates to this run. */
export function baselineFindings(o: {
  entry: StressEntry;
  plan: StressPlan;
  fresh: StressBaseline['scenarios'];
  here: Provenance;
  rootDir: string;
  policy: 'warn' | 'error';
  saving: boolean;
}): { checks: CheckResult[]; notes: string[] } {
  const { entry, plan } = o;
  const stored = plan.stored;
  if (!stored) {
    const check = missingBaselineCheck({
      name: 'baseline',
      file: relative(o.rootDir, plan.baselineFile),
      policy: o.policy,
      saving: o.saving,
      saveCommand: `gauntlet stress ${entry.name} --save`,
    });
    return { checks: [check], notes: [] };
  }
  const notes = provenanceMismatch(stored.provenance, o.here);
  if (stored.calibrationMs)
    notes.push(
      `machine speed: calibration ${plan.calibrationMs} ms now, ${stored.calibrationMs} ms for the baseline${entry.calibrate ? `: baseline latencies scaled by ${plan.speedFactor.toFixed(2)}` : ' (not applied; set calibrate: true to scale)'}`,
    );
  for (const name of Object.keys(stored.scenarios))
    if (!o.fresh[name]) notes.push(`baseline has scenario '${name}', which this suite no longer runs`);
  return { checks: [], notes };
}

/** Notes for latency checks judged by a fallback rule (an older baseline, a run without the yardstick). */
export function fallbackNotes(checks: readonly CheckResult[]): string[] {
  const out = new Set<string>();
  for (const c of checks) {
    const d = c.details;
    if (typeof d === 'object' && d !== null && 'fallback' in d && typeof d.fallback === 'string')
      out.add(`${c.name.split('/')[0]}: ${d.fallback}`);
  }
  return [...out];
}

export function stressReport(o: {
  name: string;
  startedAt: number;
  checks: CheckResult[];
  metrics: Record<string, number>;
  artifacts: Artifact[];
  notes: string[];
  fresh: StressBaseline['scenarios'];
  cache: string;
}): SuiteReport {
  const failed = o.checks.filter((c) => c.verdict === 'fail').length;
  const calls = Object.values(o.fresh).reduce((s, b) => s + b.calls, 0);
  return {
    kind: 'stress',
    name: o.name,
    verdict: suiteVerdict(o.checks),
    durationMs: Math.round(performance.now() - o.startedAt),
    summary: `${Object.keys(o.fresh).length} scenario(s), ${calls} calls, ${failed ? `${failed} check(s) failed` : `${o.checks.length} checks, none failed`} (cache: ${o.cache})`,
    checks: o.checks,
    metrics: o.metrics,
    artifacts: o.artifacts,
    notes: o.notes,
  };
}
