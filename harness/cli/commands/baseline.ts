import type { Command } from 'commander';
import type { CommandContext } from '../command-context.ts';

/** `gauntlet baseline update`: re-measure, preview one line per benchmark or metric, write on confirmation. */
export function registerBaseline(program: Command, cli: CommandContext): void {
  const baseline = program
    .command('baseline')
    .description('manage stored baselines (re-measure and update them through a reviewed change)');
  baseline
    .command('update')
    .description(
      're-measure suites in a temporary copy of the project, show old → new per benchmark or metric, then write baselines/ (asks first)',
    )
    .argument('[suite...]', 'suite names or kinds to re-measure (default: bench and stress)')
    .option('-y, --yes', 'write without asking')
    .option('--force', 'measure even though the git working tree has uncommitted changes (provenance says -dirty)')
    .option('--allow-ci', 'allow running under CI=true (the baseline-update workflow; never implicitly)')
    .option('--summary <file>', 'also write the changes as Markdown (the pull request body)')
    .addHelpText(
      'after',
      `
Nothing is written without --yes or a "y" at the prompt, and a suite that did not pass keeps its
stored baseline. In GitHub Actions, .github/workflows/baseline-update.yml runs this on main and opens
a pull request with the new baselines (docs/guide/ci.md: the token that lets that PR trigger CI).

Examples:
  npx gauntlet baseline update              bench and stress suites, asks before writing
  npx gauntlet baseline update bench --yes`,
    )
    .action(async (suites: string[], opts: { yes?: boolean; force?: boolean; allowCi?: boolean; summary?: string }) => {
      const { updateBaselines } = await import('../../baselines/update-baselines.ts');
      cli.setExitCode(await updateBaselines(cli.io, { suites, ...opts }));
    });
}
