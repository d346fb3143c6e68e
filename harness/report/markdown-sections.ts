import { worstVerdict, type CheckResult, type SuiteReport } from '../core/report.ts';
import { codeBlock, escapeMarkdown as md } from './escape.ts';
import { formatDuration, formatNumber, location, rankChecks, VERDICT_ICON } from './format.ts';
import { mdDetails, mdTable } from './markdown.ts';
import { checkDiff, splitReason } from './check-diff.ts';

/** Where a section goes: the job summary shows everything (folded), the PR comment what changed. */
export interface SectionOptions {
  mode: 'summary' | 'comment';
  /** Link for charts and the full report (the run's artifacts page). */
  artifactsUrl?: string;
}

export interface Section {
  levels: number;
  render(level: number): string;
}

interface Item {
  suite: SuiteReport;
  check: CheckResult;
}

const CHANGE_LABEL: Record<NonNullable<CheckResult['change']>, string> = {
  regressed: '🔻 regressed',
  improved: '🔺 improved',
  unchanged: 'unchanged',
  new: '🆕 new',
};

export const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function metricsCell(metrics: Record<string, number> | undefined, max = 4): string {
  const entries = Object.entries(metrics ?? {});
  const shown = entries.slice(0, max).map(([k, v]) => `${md(k)}&nbsp;${formatNumber(v)}`);
  return shown.join('<br>') + (entries.length > max ? ` (+${entries.length - max})` : '');
}

function checkRow(it: Item): string[] {
  const where = location(it.check);
  return [
    VERDICT_ICON[it.check.verdict],
    `${md(clip(it.suite.name, 120))} › ${md(clip(it.check.name, 200))}`,
    it.check.change ? CHANGE_LABEL[it.check.change] : '',
    metricsCell(it.check.metrics, 3),
    md(clip(it.check.reasons.map((r) => splitReason(r).head).join('; '), 400)),
    where ? md(where) : '',
  ];
}

function checksTable(items: Item[], limit: number): string {
  const ranked = rankChecks(items);
  const shown = ranked.slice(0, limit);
  const more = ranked.length - shown.length;
  return (
    mdTable(['', 'check', 'change', 'metrics', 'reasons', 'where'], shown.map(checkRow)) +
    (more > 0 ? `\n\n…and ${more} more (see the full report)` : '')
  );
}

function suiteTable(suites: SuiteReport[]): string {
  return mdTable(
    ['', 'suite', 'summary', 'time', 'metrics'],
    suites.map((s) => [
      VERDICT_ICON[s.verdict],
      md(clip(s.name, 120)),
      md(clip(s.summary, 300)),
      formatDuration(s.durationMs),
      metricsCell(s.metrics),
    ]),
  );
}

/** What a check shows below the table: its proposed change as a diff, or the extra lines of its reasons. */
function blockOf(check: CheckResult): { text: string; lang: string } | undefined {
  const diff = checkDiff(check);
  if (diff) return { text: diff, lang: 'diff' };
  const rest = check.reasons
    .map((r) => splitReason(r).rest)
    .filter(Boolean)
    .join('\n');
  return rest ? { text: rest, lang: '' } : undefined;
}

function diffBlocks(items: Item[], limit: number, fold: boolean): string {
  const withBlock = items.flatMap((it) => {
    const block = blockOf(it.check);
    return block ? [{ it, block }] : [];
  });
  const blocks = withBlock.slice(0, limit).map(({ it, block }) => {
    const title = `${md(it.suite.name)} › ${md(it.check.name)}`;
    const text = codeBlock(clip(block.text, 4000), block.lang);
    return fold
      ? mdDetails(`${block.lang === 'diff' ? 'diff' : 'details'}: ${title}`, text)
      : `**${title}**\n\n${text}`;
  });
  const more = withBlock.length - blocks.length;
  return [...blocks, ...(more > 0 ? [`…and ${more} more in the full report`] : [])].join('\n\n');
}

function notes(suites: SuiteReport[]): string {
  const lines = suites.flatMap((s) => [
    ...(s.notes ?? []).map((n) => `- ${md(s.name)}: ${md(n)}`),
    ...(s.inputError ? [`- ${md(s.name)}: input error: ${md(s.summary)}`] : []),
  ]);
  return lines.join('\n');
}

function charts(suites: SuiteReport[], artifactsUrl: string | undefined): string {
  const names = suites.flatMap((s) =>
    (s.artifacts ?? []).filter((a) => a.type === 'svg').map((a) => `${md(s.name)}: ${md(a.name)}`),
  );
  if (!names.length) return '';
  const where = artifactsUrl ? `[the HTML report](${artifactsUrl})` : 'the HTML report (mochawesome artifact)';
  return `Charts in ${where}: ${names.join(', ')}`;
}

function allChecks(suite: SuiteReport): string {
  if (!suite.checks.length) return '';
  const rows = suite.checks.map((c) => [
    VERDICT_ICON[c.verdict],
    md(c.name),
    c.change ? CHANGE_LABEL[c.change] : '',
    metricsCell(c.metrics, 6),
    md(clip(c.reasons.map((r) => splitReason(r).head).join('; '), 300)),
  ]);
  return mdDetails(
    `${md(suite.name)}: all ${suite.checks.length} checks`,
    mdTable(['', 'check', 'change', 'metrics', 'reasons'], rows),
  );
}

/** One section per suite kind, each renderable at 7 levels of detail (0 = everything, 6 = one line). */
export function kindSections(groups: Array<{ kind: string; suites: SuiteReport[] }>, opts: SectionOptions): Section[] {
  return groups.map(({ kind, suites }) => {
    const items = suites.flatMap((suite) => suite.checks.map((check) => ({ suite, check })));
    const notable = items.filter(
      (it) => it.check.verdict !== 'pass' || (it.check.change && it.check.change !== 'unchanged'),
    );
    const counts = (['fail', 'error', 'warn', 'pass'] as const)
      .map((v) => [v, suites.filter((s) => s.verdict === v).length] as const)
      .filter(([, n]) => n)
      .map(([v, n]) => `${n} ${v}`)
      .join(', ');
    const title = `### ${VERDICT_ICON[worstVerdict(suites.map((s) => s.verdict))]} ${md(kind)}`;
    const rows = [Infinity, 500, 100, 25, 5];
    const diffs = [Infinity, 50, 10, 3, 1];
    const render = (level: number): string => {
      if (level >= 6)
        return `${title}\n\n${suites.length} suite(s): ${counts}; ${notable.length} check(s) to look at (details in the full report)`;
      const parts = [title];
      if (opts.mode === 'summary' || level >= 5) parts.push(suiteTable(suites));
      if (level <= 4) {
        if (notable.length) parts.push(checksTable(notable, rows[level]!));
        else if (opts.mode === 'comment')
          parts.push(`No changes against the baseline (${items.length} check(s) pass).`);
        const d = diffBlocks(notable, diffs[level]!, opts.mode === 'summary');
        if (d) parts.push(d);
        const extra = [notes(suites), charts(suites, opts.artifactsUrl)].filter(Boolean).join('\n\n');
        // The comment leads with what changed; notes and chart links are one click away there.
        if (extra) parts.push(opts.mode === 'comment' ? mdDetails('notes and charts', extra) : extra);
      }
      if (level === 0 && opts.mode === 'summary') parts.push(...suites.map(allChecks).filter(Boolean));
      return parts.join('\n\n');
    };
    return { levels: 7, render };
  });
}
