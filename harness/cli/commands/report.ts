import type { Command } from 'commander';
import type { CommandContext } from '../command-context.ts';

/**
 * `gauntlet report merge|summary|comment|render`: work on report files already written (shard
 * reports in CI, the report artifact in the workflow_run workflow). Heavy modules load lazily.
 */
export function registerReport(program: Command, cli: CommandContext): void {
  const report = program
    .command('report')
    .description('merge shard reports, print or publish a report file (job summary, PR comment, other formats)');

  report
    .command('merge')
    .description(
      'merge the reports of `gauntlet run --shard i/n` into one report (same verdict and checks as an unsharded run)',
    )
    .argument('<files...>', 'shard report files, or directories searched for gauntlet.json')
    .option('--reports <dir>', "write the merged report (and other reporters' files) here", 'reports')
    .option(
      '--reporter <name>',
      'reporters to run on the merged report (repeat or comma-separate; json is always written)',
      collect,
    )
    .action(async (files: string[], opts: { reports: string; reporter?: string[] }) => {
      const { mergeCommand } = await import('./report-actions.ts');
      cli.setExitCode(await mergeCommand(cli.io, files, opts));
    });

  report
    .command('summary')
    .description(
      'print the GitHub job summary of a report; in GitHub Actions also write it to the job summary and annotate failures',
    )
    .argument('[file]', 'report file', 'reports/gauntlet.json')
    .action(async (file: string) => {
      const { summaryCommand } = await import('./report-actions.ts');
      cli.setExitCode(await summaryCommand(cli.io, file));
    });

  report
    .command('comment')
    .description(
      'post or update the sticky pull-request comment for a report (token from GITHUB_TOKEN, else GH_TOKEN); a refused comment is reported and does not fail',
    )
    .argument('[file]', 'report file', 'reports/gauntlet.json')
    .option('--pr <number>', 'pull request number (default: from the GitHub event)')
    .option('--repo <owner/name>', 'repository (default: GITHUB_REPOSITORY)')
    .option('--head-sha <sha>', 'only comment if the pull request head is still this commit')
    .option('--run-id <id>', 'the workflow run that produced the report, for links (default: GITHUB_RUN_ID)')
    .option('--marker <id>', 'sticky comment id, for several comments on one PR', 'default')
    .option('--author <login>', 'login whose marked comment is ours', 'github-actions[bot]')
    .option('--dry-run', 'print the comment instead of posting it')
    .action(async (file: string, opts: CommentOptions) => {
      const { commentCommand } = await import('./report-actions.ts');
      cli.setExitCode(await commentCommand(cli.io, file, opts));
    });

  report
    .command('render')
    .description('run reporters (junit, mochawesome, github, console...) on an existing report file')
    .argument('[file]', 'report file', 'reports/gauntlet.json')
    .option('--reports <dir>', 'write files here', 'reports')
    .requiredOption('--reporter <name>', 'reporters to run (repeat or comma-separate)', collect)
    .action(async (file: string, opts: { reports: string; reporter: string[] }) => {
      const { renderCommand } = await import('./report-actions.ts');
      cli.setExitCode(await renderCommand(cli.io, file, opts));
    });
}

export interface CommentOptions {
  pr?: string;
  repo?: string;
  headSha?: string;
  runId?: string;
  marker: string;
  author: string;
  dryRun?: boolean;
}

const collect = (value: string, previous: string[] = []) => [...previous, ...value.split(',').filter(Boolean)];
