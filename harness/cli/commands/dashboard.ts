import type { Command } from 'commander';
import type { CommandContext } from '../command-context.ts';
import { addConfigOption, collect, subcommandOptions } from './observability-options.ts';

/** `gauntlet dashboard`: the history dashboard; `dashboard generate`: a metrics store's business dashboards. */
export function registerDashboard(program: Command, cli: CommandContext): void {
  const dashboard = addConfigOption(
    program
      .command('dashboard')
      .description(
        'write the history dashboard: a self-contained HTML page (one panel per metric) and a Grafana dashboard JSON',
      )
      .option('--out <dir>', 'output directory', 'reports/dashboard')
      .option('--metric <text>', 'only series whose name contains this (repeat or comma-separate)', collect)
      .option('--since <when>', 'only runs since a duration ago (30d, 12h) or a date (2026-11-01)')
      .option('--branch <name>', 'only runs on this branch')
      .option('--file <sqlite>', 'history database (default: config history.file)'),
  ).action(async (opts: DashboardOptions) => {
    const { dashboardCommand } = await import('./observability-actions.ts');
    cli.setExitCode(await dashboardCommand(cli.io, opts));
  });

  dashboard
    .command('generate')
    .description(
      "write the reference system's business dashboards (business-logic overview, autopilot health) from a metrics store file",
    )
    .requiredOption('--store <sqlite>', 'metrics store file')
    .option('--out <dir>', 'output directory', 'reports/dashboards')
    .action(async (_opts: unknown, cmd: Command) => {
      const { dashboardGenerateCommand } = await import('./observability-actions.ts');
      cli.setExitCode(await dashboardGenerateCommand(cli.io, subcommandOptions<{ store: string; out: string }>(cmd)));
    });
}

export interface DashboardOptions {
  config?: string;
  out: string;
  metric?: string[];
  since?: string;
  branch?: string;
  file?: string;
}
