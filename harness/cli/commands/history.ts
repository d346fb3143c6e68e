import type { Command } from 'commander';
import type { CommandContext } from '../command-context.ts';
import { addConfigOption, collect, subcommandOptions } from './observability-options.ts';

/**
 * `gauntlet history`: query the run history; `history record` (the explicit CI step) appends a
 * report; `history import` loads the monthly JSONL files of the history branch. Work is in history-actions.ts.
 */
export function registerHistory(program: Command, cli: CommandContext): void {
  const history = addConfigOption(
    program
      .command('history')
      .description(
        'show the stored history of each metric (last value, trend, level shifts); subcommands record and import',
      )
      .option('--metric <text>', 'only series whose name contains this (repeat or comma-separate)', collect)
      .option('--since <when>', 'only runs since a duration ago (30d, 12h) or a date (2026-11-01)')
      .option('--branch <name>', 'only runs on this branch')
      .option('--json', 'print JSON (series with their points) instead of a table')
      .option('--file <sqlite>', 'history database (default: config history.file)'),
  ).action(async (opts: HistoryQueryOptions) => {
    const { historyQueryCommand } = await import('./history-actions.ts');
    cli.setExitCode(await historyQueryCommand(cli.io, opts));
  });

  addConfigOption(
    history
      .command('record')
      .description(
        'append a run report to the history (the explicit step of the main-branch workflow); optionally to a monthly JSONL directory too',
      )
      .argument('[report]', 'report file', 'reports/gauntlet.json')
      .option('--jsonl-dir <dir>', 'also append the run to <dir>/YYYY-MM.jsonl (the checkout of the history branch)')
      .option('--file <sqlite>', 'history database (default: config history.file)'),
  ).action(async (report: string, _opts: unknown, cmd: Command) => {
    const { historyRecordCommand } = await import('./history-actions.ts');
    cli.setExitCode(await historyRecordCommand(cli.io, report, subcommandOptions<HistoryRecordOptions>(cmd)));
  });

  addConfigOption(
    history
      .command('import')
      .description(
        'load the monthly JSONL files of a history-branch checkout, or legacy bench history files (baselines/history/<suite>.jsonl), into the history database (runs already there are skipped)',
      )
      .argument(
        '<path>',
        'directory holding YYYY-MM.jsonl (and legacy <suite>.jsonl) files, or one legacy bench history file',
      )
      .option('--file <sqlite>', 'history database (default: config history.file)'),
  ).action(async (dir: string, _opts: unknown, cmd: Command) => {
    const { historyImportCommand } = await import('./history-actions.ts');
    cli.setExitCode(
      await historyImportCommand(cli.io, dir, subcommandOptions<{ file?: string; config?: string }>(cmd)),
    );
  });
}

export interface HistoryQueryOptions {
  config?: string;
  metric?: string[];
  since?: string;
  branch?: string;
  json?: boolean;
  file?: string;
}

export interface HistoryRecordOptions {
  config?: string;
  jsonlDir?: string;
  file?: string;
}
