import type { Command } from 'commander';
import { addGlobalOptions, type GlobalOptions } from '../global-options.ts';
import type { CommandContext } from '../command-context.ts';

export function registerStress(program: Command, cli: CommandContext): void {
  addGlobalOptions(
    program
      .command('stress')
      .description('run only the LLM stress suites (all, or those named)')
      .argument('[suite...]', 'stress suite names (default: all stress suites)'),
  )
    .option('--save', 'store the results as the new stress baselines (never in CI)')
    .action(async (suites: string[], opts: GlobalOptions & { save?: boolean }) => {
      const { runAndReport } = await import('../run-and-report.ts');
      const { code } = await runAndReport(cli.io, opts, {
        only: suites,
        kinds: ['stress'],
        flags: { save: opts.save },
      });
      cli.setExitCode(code);
    });
}
