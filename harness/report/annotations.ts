import type { RunReport } from '../core/report.ts';
import { rankChecks } from './format.ts';

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** GitHub shows at most 10 annotations of each type per step. */
export const ANNOTATIONS_PER_TYPE = 10;

export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  title: string;
  message: string;
  file?: string;
  line?: number;
}

/**
 * Annotations for what did not pass, ranked so the ten GitHub shows per type are the ones that
 * matter: errors and failures first (regressions before other failures), checks with a file and
 * line before those without. The rest are counted in one closing annotation of their type.
 */
export function rankAnnotations(report: RunReport, perType = ANNOTATIONS_PER_TYPE): Annotation[] {
  const items = report.suites.flatMap((suite) => suite.checks.map((check) => ({ suite, check })));
  // rankChecks is stable: within a rank, checks with a location (sorted first here) stay first.
  const ranked = rankChecks([...items].sort((a, b) => Number(!a.check.location) - Number(!b.check.location)));
  const all: Annotation[] = [];
  for (const s of report.suites) {
    if (s.inputError) {
      all.push({
        level: 'error',
        title: `gauntlet ${s.kind}/${s.name}: input error`,
        message: s.summary,
        file: s.inputError.file,
        line: s.inputError.line,
      });
    }
  }
  for (const { suite, check } of ranked) {
    if (check.verdict === 'pass') continue;
    all.push({
      level: check.verdict === 'warn' ? 'warning' : 'error',
      title: `gauntlet ${suite.kind}/${suite.name}: ${check.name}${check.change === 'regressed' ? ' (regressed)' : ''}`,
      message: clip(check.reasons.join('\n') || check.verdict, 4000),
      file: check.location?.file,
      line: check.location?.line,
    });
  }
  for (const s of report.suites)
    for (const n of s.notes ?? []) all.push({ level: 'notice', title: `gauntlet ${s.kind}/${s.name}`, message: n });

  const out: Annotation[] = [];
  for (const level of ['error', 'warning', 'notice'] as const) {
    const of = all.filter((a) => a.level === level);
    if (of.length <= perType) out.push(...of);
    else {
      out.push(...of.slice(0, perType - 1));
      out.push({
        level,
        title: 'gauntlet',
        message: `${of.length - perType + 1} more ${level}(s) not shown here: see the job summary and the full report`,
      });
    }
  }
  return out;
}
