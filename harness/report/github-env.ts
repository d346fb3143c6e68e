/** `owner/name` from `--repo` or GITHUB_REPOSITORY. */
export function parseRepo(value: string | undefined): { owner: string; repo: string } | undefined {
  const m = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(value ?? '');
  return m ? { owner: m[1]!, repo: m[2]! } : undefined;
}

/** The run's page and its artifacts, from the variables GitHub Actions sets. */
export function runLinks(
  env: NodeJS.ProcessEnv,
  runId = env.GITHUB_RUN_ID,
): { runUrl?: string; artifactsUrl?: string } {
  const server = env.GITHUB_SERVER_URL;
  const repo = parseRepo(env.GITHUB_REPOSITORY);
  if (!server || !repo || !runId || !/^\d+$/.test(runId) || !/^https:\/\/[A-Za-z0-9.-]+(:\d+)?$/.test(server))
    return {};
  const runUrl = `${server}/${repo.owner}/${repo.repo}/actions/runs/${runId}`;
  return { runUrl, artifactsUrl: `${runUrl}#artifacts` };
}
