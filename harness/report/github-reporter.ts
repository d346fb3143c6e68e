import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../core/errors.ts';
import type { RunReport } from '../core/report.ts';
import { writeFileAtomic } from '../io/atomic-write.ts';
import { rankAnnotations } from './annotations.ts';
import { runLinks } from './github-env.ts';
import { renderJobSummary } from './job-summary.ts';
import type { Reporter, ReporterContext } from './reporter.ts';

export const SUMMARY_FILE = 'summary.md';

/** The part of @actions/core the GitHub reporter uses (tests pass a fake). */
export interface ActionsCore {
  summary: { addRaw(text: string, addEOL?: boolean): { write(options?: { overwrite?: boolean }): Promise<unknown> } };
  error(message: string, properties?: { title?: string; file?: string; startLine?: number }): void;
  warning(message: string, properties?: { title?: string; file?: string; startLine?: number }): void;
  notice(message: string, properties?: { title?: string; file?: string; startLine?: number }): void;
}

/**
 * Publish a report to GitHub Actions: the job summary (when GITHUB_STEP_SUMMARY is set) and ranked
 * annotations (when running in Actions). Also writes `summary.md` in the reports directory.
 */
export async function publishToGitHubActions(
  report: RunReport,
  ctx: ReporterContext,
  core?: ActionsCore,
): Promise<void> {
  const env = ctx.env ?? process.env;
  const summary = renderJobSummary(report, { artifactsUrl: runLinks(env).artifactsUrl });
  await writeFileAtomic(join(ctx.reportsDir, SUMMARY_FILE), summary);
  if (env.GITHUB_ACTIONS !== 'true' && !env.GITHUB_STEP_SUMMARY) return;
  const actions = core ?? (await import('@actions/core'));
  if (env.GITHUB_STEP_SUMMARY) {
    await ensureSummaryFile(env.GITHUB_STEP_SUMMARY);
    await actions.summary.addRaw(summary, true).write();
  }
  if (env.GITHUB_ACTIONS === 'true') {
    for (const a of rankAnnotations(report)) {
      actions[a.level](a.message, { title: a.title, file: a.file, startLine: a.line });
    }
  }
}

/**
 * GitHub creates the job summary file; run elsewhere with GITHUB_STEP_SUMMARY naming a file that does
 * not exist yet, it is created (@actions/core would refuse it). One that cannot be created is a
 * one-line input error naming the variable, not a stack trace.
 */
async function ensureSummaryFile(path: string): Promise<void> {
  try {
    await appendFile(path, '');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    throw new InputError(
      `cannot write the job summary file ${path} (${code})`,
      { field: 'GITHUB_STEP_SUMMARY' },
      { cause: e },
    );
  }
}

/** `--reporter github`: job summary and annotations in GitHub Actions; `reports/summary.md` everywhere. */
export const githubReporter: Reporter = {
  name: 'github',
  async onRunEnd(report, ctx) {
    await publishToGitHubActions(report, ctx);
  },
};
