import type { Command } from 'commander';
import type { CommandContext } from '../command-context.ts';
import { collect } from './observability-options.ts';

/** `gauntlet metrics query|cleanup` and `gauntlet alerts status`, over a metrics store file. */
export function registerMetrics(program: Command, cli: CommandContext): void {
  const metrics = program
    .command('metrics')
    .description('query or clean a metrics store file (the reference system keeps its business metrics in one)');
  metrics
    .command('query')
    .description('print records of one or more metric types')
    .requiredOption('--store <sqlite>', 'metrics store file')
    .option('--type <type>', 'metric type (repeat or comma-separate; default: list the types)', collect)
    .option('--since <when>', "a duration back from the store's newest record (7d, 12h) or an ISO date")
    .option('--limit <n>', 'at most this many records (the newest)')
    .option('--json', 'print JSON')
    .action(async (opts: MetricsQueryOptions) => {
      const { metricsQueryCommand } = await import('./observability-actions.ts');
      cli.setExitCode(await metricsQueryCommand(cli.io, opts));
    });
  metrics
    .command('cleanup')
    .description("delete records older than the retention, counted back from the store's newest record (or --now)")
    .requiredOption('--store <sqlite>', 'metrics store file')
    .requiredOption('--retention <duration>', 'keep this much (7d, 48h)')
    .option('--now <iso>', 'count the retention back from this time instead')
    .action(async (opts: { store: string; retention: string; now?: string }) => {
      const { metricsCleanupCommand } = await import('./observability-actions.ts');
      cli.setExitCode(await metricsCleanupCommand(cli.io, opts));
    });

  program
    .command('alerts')
    .description('alert rules and delivery channels of a metrics store')
    .command('status')
    .description(
      'each rule: firing or ok, times fired and suppressed, last fired; each channel: delivered, failed, retries',
    )
    .requiredOption('--store <sqlite>', 'metrics store file')
    .option('--json', 'print JSON')
    .action(async (opts: { store: string; json?: boolean }) => {
      const { alertsStatusCommand } = await import('./observability-actions.ts');
      cli.setExitCode(await alertsStatusCommand(cli.io, opts));
    });
}

export interface MetricsQueryOptions {
  store: string;
  type?: string[];
  since?: string;
  limit?: string;
  json?: boolean;
}
