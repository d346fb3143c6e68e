import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.ts';
import { addGlobalOptions, type GlobalOptions } from '../global-options.ts';
import type { CommandContext } from '../command-context.ts';

export function registerGolden(program: Command, cli: CommandContext): void {
  addGlobalOptions(
    program
      .command('golden')
      .description('run only the golden selection suites (all, or those named)')
      .argument('[suite...]', 'golden suite names (default: all golden suites)'),
  )
    .option('--update', 'write the actual selection of every failing case as a proposal next to it (never in CI)')
    .option('--accept', 'copy every proposal into its case file and delete it, then run (never in CI)')
    .addHelpText(
      'after',
      `
Workflow: --update writes <case>.proposal.yaml next to each failing or new case; review it (the
ranking diff is in the report), then --accept applies it. Under CI=true nothing is written.`,
    )
    .action(async (suites: string[], opts: GlobalOptions & { update?: boolean; accept?: boolean }) => {
      if (opts.update && opts.accept) throw new UsageError('--update and --accept are exclusive: review the proposals between the two');
      // Case workers start now, so their start-up overlaps loading the config and the cases.
      const { prewarmCaseWorkers, releaseWarmWorkers } = await import('../../golden/worker-pool.ts');
      prewarmCaseWorkers(Math.min(4, availableParallelism()));
      try {
        const { runAndReport } = await import('../run-and-report.ts');
        const { code } = await runAndReport(cli.io, opts, { only: suites, kinds: ['golden'], flags: { update: opts.update, accept: opts.accept } });
        cli.setExitCode(code);
      } finally {
        await releaseWarmWorkers();
      }
    });
}
