import type { RunReport } from '../core/report.ts';
import { escapeMarkdown as md } from './escape.ts';
import { headline, suitesByKind } from './format.ts';
import { fitSections } from './markdown.ts';
import { clip, kindSections } from './markdown-sections.ts';
import { trendMarkdown } from './trend-section.ts';

/** GitHub's limit on a comment body, in characters. */
export const COMMENT_LIMIT_CHARS = 65_536;

/** The hidden marker that finds gauntlet's sticky comment again on the next push. */
export function stickyMarker(id = 'default'): string {
  return `<!-- gauntlet-sticky-comment:${id.replace(/[^A-Za-z0-9_.-]/g, '_')} -->`;
}

export interface PrCommentOptions {
  markerId?: string;
  runUrl?: string;
  artifactsUrl?: string;
  limitChars?: number;
}

/**
 * The pull-request comment: the marker, the headline ("gauntlet ❌ fail: 2 regressions, 1 improvement"),
 * then per suite kind what changed against the baseline, golden proposals as diffs; trimmed section
 * by section to fit GitHub's limit.
 */
export function renderPrComment(report: RunReport, opts: PrCommentOptions = {}): string {
  const commit = report.environment.gitCommit ? ` for ${md(report.environment.gitCommit.slice(0, 12))}` : '';
  const head = [
    stickyMarker(opts.markerId),
    `## ${md(headline(report))}`,
    report.reasons.length
      ? report.reasons
          .slice(0, 10)
          .map((r) => `- ${md(clip(r, 500))}`)
          .join('\n') + (report.reasons.length > 10 ? `\n- …and ${report.reasons.length - 10} more` : '')
      : '',
    trendMarkdown(report),
  ]
    .filter(Boolean)
    .join('\n');
  const sections = kindSections(suitesByKind(report), { mode: 'comment', artifactsUrl: opts.artifactsUrl });
  const foot = (n: number) =>
    [
      n ? `_${n} section(s) summarised to fit GitHub's comment size limit._` : '',
      `<sub>Updated on every push${commit}${opts.runUrl ? ` · [run](${opts.runUrl})` : ''}${opts.artifactsUrl ? ` · [full report](${opts.artifactsUrl})` : ''}</sub>`,
    ]
      .filter(Boolean)
      .join('\n\n');
  return fitSections(head, sections, foot, opts.limitChars ?? COMMENT_LIMIT_CHARS - 512, (t) => t.length).text;
}
