import type { CheckResult, RunReport, SuiteReport, Verdict } from '../core/report.ts';

/** Formatting shared by the text reporters. Formats numbers; never computes new ones. */

export const VERDICT_ICON: Record<Verdict, string> = { pass: '✅', warn: '⚠️', fail: '❌', error: '💥' };

/** A metric value for a table: integers as is, others to 3 significant digits (no exponent below 1e-4). */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e9)) return value.toExponential(2);
  return String(Number(value.toPrecision(3)));
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const m = Math.floor(ms / 60_000);
  return `${m} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** Suites grouped by kind, in order of first appearance. */
export function suitesByKind(report: RunReport): Array<{ kind: string; suites: SuiteReport[] }> {
  const groups = new Map<string, SuiteReport[]>();
  for (const s of report.suites) groups.set(s.kind, [...(groups.get(s.kind) ?? []), s]);
  return [...groups].map(([kind, suites]) => ({ kind, suites }));
}

/** Check counts by verdict and by change, straight from the report. */
export function countChecks(report: RunReport) {
  const verdicts: Record<Verdict, number> = { pass: 0, warn: 0, fail: 0, error: 0 };
  const changes = { improved: 0, regressed: 0, unchanged: 0, new: 0 };
  let total = 0;
  for (const s of report.suites) {
    for (const c of s.checks) {
      total++;
      verdicts[c.verdict]++;
      if (c.change) changes[c.change]++;
    }
  }
  return { total, verdicts, changes };
}

/** The one-line headline: "gauntlet ❌ fail: 2 regressions, 1 improvement, 3 failing checks". */
export function headline(report: RunReport): string {
  const { verdicts, changes } = countChecks(report);
  const parts: string[] = [];
  const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
  if (changes.regressed) parts.push(plural(changes.regressed, 'regression'));
  if (changes.improved) parts.push(plural(changes.improved, 'improvement'));
  if (verdicts.fail) parts.push(plural(verdicts.fail, 'failing check'));
  if (verdicts.error) parts.push(plural(verdicts.error, 'error'));
  const inputErrors = report.suites.filter((s) => s.inputError).length;
  if (inputErrors) parts.push(plural(inputErrors, 'input error'));
  if (verdicts.warn) parts.push(plural(verdicts.warn, 'warning'));
  if (!parts.length) parts.push(`${plural(countChecks(report).total, 'check')} pass`);
  return `gauntlet ${VERDICT_ICON[report.verdict]} ${report.verdict}: ${parts.join(', ')}`;
}

/** Metric names used by any check of these suites, in first-seen order, at most `limit`. */
export function metricColumns(checks: readonly CheckResult[], limit = 4): string[] {
  const seen: string[] = [];
  for (const c of checks) for (const k of Object.keys(c.metrics ?? {})) if (!seen.includes(k)) seen.push(k);
  return seen.slice(0, limit);
}

export function location(c: CheckResult): string | undefined {
  if (!c.location) return undefined;
  return c.location.line ? `${c.location.file}:${c.location.line}` : c.location.file;
}

/** Checks worth showing first: error, fail, warn, then regressions, improvements; stable otherwise. */
export function rankChecks<T extends { check: CheckResult }>(items: readonly T[]): T[] {
  const score = (c: CheckResult) =>
    ({ error: 0, fail: 1, warn: 3, pass: 4 })[c.verdict] +
    (c.change === 'regressed' ? -0.5 : c.change === 'improved' ? 0.5 : 0);
  return items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => score(a.item.check) - score(b.item.check) || a.i - b.i)
    .map((x) => x.item);
}
