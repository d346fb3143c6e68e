import type { Command } from 'commander';
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
    .action(async (suites: string[], opts: GlobalOptions & { save?: boolean }) => {
      const { code } = await runAndReport(cli.io, opts, { only: suites, flags: { save: opts.save } });
      cli.setExitCode(code);
    });
}
