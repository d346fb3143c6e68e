/**
 * The baseline policy every kind that stores baselines follows: what a missing baseline means, and
 * when `--save` may write. One module, so bench and stress cannot drift apart.
 */
import type { CheckResult, Verdict } from '../core/report.ts';

/** The check a suite reports when it has no stored baseline to compare with. */
export function missingBaselineCheck(o: {
  /** The check's name (a benchmark id, or `baseline`). */
  name: string;
  /** The baseline file, relative to the project, for the message. */
  file: string;
  /** Config `missingBaseline`. */
  policy: 'warn' | 'error';
  /** This run stores the baseline (`--save`): nothing is missing then. */
  saving: boolean;
  /** The command that stores one, for the message. */
  saveCommand: string;
}): CheckResult {
  if (o.saving) return { name: o.name, verdict: 'pass', reasons: [], change: 'new' };
  return {
    name: o.name,
    verdict: o.policy === 'error' ? 'error' : 'warn',
    reasons: [`no stored baseline in ${o.file}: nothing to compare with; store one with \`${o.saveCommand}\``],
    change: 'new',
  };
}

/**
 * Whether `--save` makes this a saving run (no confirmation re-run, a regression accepted as a warning, a
 * missing baseline not reported): never in CI, where the save is refused and the run gates as usual.
 */
export function savesThisRun(o: { save?: boolean; ci: boolean }): boolean {
  return Boolean(o.save) && !o.ci;
}

/**
 * Why `--save` must not write this run's results as the baseline, or undefined when it may: never in
 * CI, never from a comparison with another ref, never after a run that did not pass or was cut short.
 */
export function refuseSave(o: { ci: boolean; against?: string; verdict: Verdict; aborted: boolean }): string | undefined {
  if (o.ci) return '--save ignored in CI: baselines are never written there (use the baseline update workflow)';
  if (o.against) return '--save ignored with --against: a baseline is saved from a plain run';
  if (o.aborted) return 'baseline not saved: the run was cut short (the stored baseline is unchanged)';
  if (o.verdict === 'fail' || o.verdict === 'error') return `baseline not saved: the run did not pass (${o.verdict}); the stored baseline is unchanged`;
  return undefined;
}
