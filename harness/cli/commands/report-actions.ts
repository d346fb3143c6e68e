import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { mergeShardReports } from '../../core/merge-reports.ts';
import { exitCodeFor, type RunReport } from '../../core/report.ts';
import { InputError, UsageError } from '../../core/errors.ts';
import { readRunReport } from '../../report/read-report.ts';
import { resolveReporters } from '../../report/registry.ts';
import type { ReporterContext } from '../../report/reporter.ts';
import { redactDeep, redactingWriter, secretValues } from '../../report/redact.ts';
import type { CliIo } from '../io.ts';
import type { CommentOptions } from './report.ts';

/** Shard report files from the arguments: files as given, directories searched (3 levels) for gauntlet.json. */
async function findReportFiles(cwd: string, args: string[]): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string, depth: number) => {
    for (const e of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.isFile() && e.name === 'gauntlet.json') out.push(join(dir, e.name));
      else if (e.isDirectory() && depth < 3) await walk(join(dir, e.name), depth + 1);
    }
  };
  for (const arg of args) {
    const path = resolve(cwd, arg);
    const s = await stat(path).catch(() => undefined);
    if (!s) throw new InputError('file not found', { file: arg });
    if (s.isDirectory()) await walk(path, 0);
    else out.push(path);
  }
  if (!out.length) throw new InputError(`no gauntlet.json found in ${args.join(', ')}`);
  return out;
}

async function runReporters(io: CliIo, report: RunReport, reportsDir: string, names: string[]): Promise<void> {
  const ctx: ReporterContext = {
    reportsDir,
    rootDir: io.cwd,
    ci: io.env.CI === 'true',
    out: io.out,
    isTTY: Boolean(io.out.isTTY),
    env: io.env,
  };
  for (const r of resolveReporters(names)) await r.onRunEnd(report, ctx);
}

/** Read a report file, validated, with any token it quotes redacted. */
async function readReport(io: CliIo, file: string): Promise<RunReport> {
  return redactDeep(await readRunReport(resolve(io.cwd, file)), secretValues(io.env));
}

export async function mergeCommand(
  io: CliIo,
  args: string[],
  opts: { reports: string; reporter?: string[] },
): Promise<number> {
  const files = await findReportFiles(io.cwd, args);
  const inputs = await Promise.all(files.map(async (file) => ({ file, report: await readReport(io, file) })));
  // Suites split across shards are joined by their kind's merger (built-in kinds; only those the reports hold).
  const { loadBuiltInKinds } = await import('../../core/built-in-kinds.ts');
  const kindsInReports = inputs.flatMap(({ report }) => report.suites.map((s) => s.kind));
  const mergers = new Map(
    (await loadBuiltInKinds(kindsInReports)).flatMap((k) =>
      k.mergeShards ? [[k.kind, k.mergeShards.bind(k)] as const] : [],
    ),
  );
  const merged = mergeShardReports(inputs, mergers);
  // Trends over the merged metrics, from the history store if there is one (read only, never appended).
  const { readOnlyTrends } = await import('./history-actions.ts');
  const trends = await readOnlyTrends(io, merged);
  if (trends.length) merged.trends = trends;
  const names = opts.reporter?.length ? opts.reporter : ['console'];
  await runReporters(io, merged, resolve(io.cwd, opts.reports), names.includes('json') ? names : ['json', ...names]);
  return exitCodeFor(merged);
}

export async function renderCommand(
  io: CliIo,
  file: string,
  opts: { reports: string; reporter: string[] },
): Promise<number> {
  const report = await readReport(io, file);
  await runReporters(io, report, resolve(io.cwd, opts.reports), opts.reporter);
  return 0;
}

export async function summaryCommand(io: CliIo, file: string): Promise<number> {
  const report = await readReport(io, file);
  const { renderJobSummary } = await import('../../report/job-summary.ts');
  const { runLinks } = await import('../../report/github-env.ts');
  if (io.env.GITHUB_ACTIONS === 'true' || io.env.GITHUB_STEP_SUMMARY) {
    const { publishToGitHubActions } = await import('../../report/github-reporter.ts');
    await publishToGitHubActions(report, {
      reportsDir: resolve(io.cwd, 'reports'),
      rootDir: io.cwd,
      ci: true,
      out: io.out,
      isTTY: false,
      env: io.env,
    });
  } else {
    io.out.write(renderJobSummary(report, { artifactsUrl: runLinks(io.env).artifactsUrl }));
  }
  return 0;
}

/** The pull request number from --pr, or from the pull_request event payload. */
async function pullRequestNumber(io: CliIo, pr: string | undefined): Promise<number | undefined> {
  if (pr !== undefined) {
    if (!/^\d+$/.test(pr.trim())) throw new UsageError(`--pr must be a pull request number, got '${pr}'`);
    return Number(pr.trim());
  }
  const eventPath = io.env.GITHUB_EVENT_PATH;
  if (!eventPath) return undefined;
  try {
    const event = JSON.parse(await readFile(eventPath, 'utf8')) as { pull_request?: { number?: unknown } };
    return typeof event.pull_request?.number === 'number' ? event.pull_request.number : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Post or update the sticky comment. Every line printed is redacted; a refusal by GitHub (403 from
 * a read-only token, for instance) is reported on stderr and as a warning annotation, exit code 0.
 */
export async function commentCommand(io: CliIo, file: string, opts: CommentOptions): Promise<number> {
  const secrets = secretValues(io.env);
  const out = redactingWriter(io.out, secrets);
  const err = redactingWriter(io.err, secrets);
  const report = await readReport(io, file);
  const { renderPrComment, stickyMarker } = await import('../../report/pr-comment.ts');
  const { parseRepo, runLinks } = await import('../../report/github-env.ts');
  const links = runLinks(io.env, opts.runId ?? io.env.GITHUB_RUN_ID);
  const body = renderPrComment(report, { markerId: opts.marker, ...links });
  if (opts.dryRun) {
    out.write(body);
    return 0;
  }
  const repo = parseRepo(opts.repo ?? io.env.GITHUB_REPOSITORY);
  if (!repo) throw new UsageError('--repo owner/name is required (or GITHUB_REPOSITORY)');
  const pr = await pullRequestNumber(io, opts.pr);
  if (pr === undefined) throw new UsageError('--pr is required outside a pull_request event');
  const token = io.env.GITHUB_TOKEN || io.env.GH_TOKEN;
  const warn = (message: string) => {
    err.write(`gauntlet: ${message}\n`);
    if (io.env.GITHUB_ACTIONS === 'true')
      out.write(
        `::warning title=gauntlet PR comment::${message.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}\n`,
      );
  };
  if (!token) {
    warn('no GITHUB_TOKEN: pull-request comment not posted');
    return 0;
  }
  const { createGitHubClient } = await import('../../report/github-api.ts');
  const { upsertStickyComment, pullRequestHead, GitHubCommentError } = await import('../../report/sticky-comment.ts');
  const octokit = createGitHubClient(token, io.env);
  try {
    if (opts.headSha) {
      const head = await pullRequestHead(octokit, repo.owner, repo.repo, pr, secrets);
      if (head !== opts.headSha) {
        warn(
          `pull request #${pr} head is ${head.slice(0, 12)}, the report is for ${opts.headSha.slice(0, 12)}: not commenting (a newer push will)`,
        );
        return 0;
      }
    }
    const result = await upsertStickyComment(octokit, {
      ...repo,
      issueNumber: pr,
      body,
      marker: stickyMarker(opts.marker),
      author: opts.author,
      secrets,
    });
    out.write(`gauntlet: PR comment ${result.action}: ${result.url}\n`);
    return 0;
  } catch (e) {
    if (e instanceof GitHubCommentError) {
      warn(e.message);
      return 0;
    }
    throw e;
  }
}
