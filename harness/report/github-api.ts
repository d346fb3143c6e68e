import { Octokit } from '@octokit/rest';

/** An Octokit client for the GitHub REST API (GITHUB_API_URL on GitHub Enterprise). Never logs the token. */
export function createGitHubClient(token: string, env: NodeJS.ProcessEnv = process.env): Octokit {
  return new Octokit({
    auth: token,
    baseUrl: env.GITHUB_API_URL || 'https://api.github.com',
    userAgent: 'gauntlet',
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    request: { retries: 0 },
  });
}
