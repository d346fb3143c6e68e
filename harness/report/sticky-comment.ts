import type { Octokit } from '@octokit/rest';
import { GauntletError } from '../core/errors.ts';
import { redactSecrets } from './redact.ts';

/** Posting or updating the pull-request comment failed; reported, never fails the run. */
export class GitHubCommentError extends GauntletError {
  readonly status?: number;
  constructor(message: string, status?: number, options?: { cause?: unknown }) {
    super('GAUNTLET_GITHUB_COMMENT', message, {}, { ...options, exitCode: 1 });
    this.status = status;
  }
}

export interface StickyCommentRequest {
  owner: string;
  repo: string;
  issueNumber: number;
  /** Must start with the marker line. */
  body: string;
  marker: string;
  /** Only comments by this login count as ours (default `github-actions[bot]`): a person's comment with the same text is left alone. */
  author?: string;
  /** Secrets to redact from error messages. */
  secrets?: readonly string[];
}

export interface StickyCommentResult {
  action: 'created' | 'updated' | 'unchanged';
  id: number;
  url: string;
}

/**
 * One comment per pull request: find gauntlet's comment by its hidden marker (first line) and its
 * author, update it, or create it on the first push.
 */
export async function upsertStickyComment(octokit: Octokit, req: StickyCommentRequest): Promise<StickyCommentResult> {
  const author = req.author ?? 'github-actions[bot]';
  const where = { owner: req.owner, repo: req.repo, issue_number: req.issueNumber };
  try {
    const comments = await octokit.paginate(octokit.rest.issues.listComments, { ...where, per_page: 100 });
    const ours = comments.find((c) => c.user?.login === author && (c.body ?? '').startsWith(req.marker));
    if (ours) {
      if (ours.body === req.body) return { action: 'unchanged', id: ours.id, url: ours.html_url };
      const { data } = await octokit.rest.issues.updateComment({
        owner: req.owner,
        repo: req.repo,
        comment_id: ours.id,
        body: req.body,
      });
      return { action: 'updated', id: data.id, url: data.html_url };
    }
    const { data } = await octokit.rest.issues.createComment({ ...where, body: req.body });
    return { action: 'created', id: data.id, url: data.html_url };
  } catch (e) {
    throw describeGitHubError(e, `comment on ${req.owner}/${req.repo}#${req.issueNumber}`, req.secrets);
  }
}

/** The pull request's current head commit, to check that a report is about what the PR now holds. */
export async function pullRequestHead(
  octokit: Octokit,
  owner: string,
  repo: string,
  pullNumber: number,
  secrets?: readonly string[],
): Promise<string> {
  try {
    const { data } = await octokit.rest.pulls.get({ owner, repo, pull_number: pullNumber });
    return data.head.sha;
  } catch (e) {
    throw describeGitHubError(e, `read ${owner}/${repo}#${pullNumber}`, secrets);
  }
}

const HINTS: Record<number, string> = {
  401: 'the token is missing or invalid',
  403: "the token may not write comments: give the workflow 'pull-requests: write' (a pull request from a fork only gets a read-only token, so post from the workflow_run workflow)",
  404: 'no such repository or pull request, or the token cannot see it',
  422: 'GitHub rejected the comment body',
};

/** An API failure as one clear line, with every token redacted. */
export function describeGitHubError(e: unknown, what: string, secrets: readonly string[] = []): GitHubCommentError {
  const status = typeof (e as { status?: unknown })?.status === 'number' ? (e as { status: number }).status : undefined;
  const raw = e instanceof Error ? e.message : String(e);
  const hint = status ? HINTS[status] : undefined;
  const message = `cannot ${what}: ${status ? `HTTP ${status}: ` : ''}${raw.split('\n')[0]}${hint ? ` (${hint})` : ''}`;
  return new GitHubCommentError(redactSecrets(message, secrets), status, { cause: e });
}
