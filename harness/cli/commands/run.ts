import type { Command } from 'commander';
import { UsageError } from '../../core/errors.ts';
import { addGlobalOptions, type GlobalOptions } from '../global-options.ts';
import { runAndReport } from '../run-and-report.ts';
import type { CommandContext } from '../command-context.ts';

export function registerRun(program: Command, cli: CommandContext): void {
  addGlobalOptions(
    program
      .command('run')
      .description('run the configured suites (all, or those named by suite name or kind) and give one verdict')
      .argument('[suite...]', 'suite names or kinds to run (default: all configured)'),
  )
    .option('--save', 'store bench and stress results as the new baselines (never in CI)')
    .option(
      '--against <ref>',
      'bench suites compare with this git ref (built in a temporary worktree) instead of the stored baseline',
    )
    .action(async (suites: string[], opts: GlobalOptions & { save?: boolean; against?: string }) => {
      if (opts.save && opts.against)
        throw new UsageError('--save and --against are exclusive: a baseline is saved from a plain run');
      const { code } = await runAndReport(cli.io, opts, {
        only: suites,
        flags: { save: opts.save, against: opts.against },
      });
      cli.setExitCode(code);
    });
}
