import { Option, type Command } from 'commander';
import { UsageError } from '../core/errors.ts';

export interface GlobalOptions {
  config?: string;
  seed?: number;
  reports?: string;
  reporter?: string[];
  shard?: { index: number; total: number };
  /** `--history` / `--no-history` (every command that runs suites): append this run to the history store (default: config history.enabled, never in CI). */
  history?: boolean;
}

export function parseSeed(value: string): number {
  if (!/^-?\d+$/.test(value)) throw new UsageError(`--seed must be an integer, got '${value}'`);
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new UsageError(`--seed is out of range: ${value}`);
  return n;
}

export function parseShard(value: string): { index: number; total: number } {
  const m = /^(\d+)\/(\d+)$/.exec(value);
  const index = m ? Number(m[1]) : NaN;
  const total = m ? Number(m[2]) : NaN;
  if (!m || total < 1 || index < 1 || index > total)
    throw new UsageError(`--shard must be i/n with 1 <= i <= n, got '${value}'`);
  return { index, total };
}

const collect = (value: string, previous: string[] = []) => [...previous, ...value.split(',').filter(Boolean)];

/** Options every command that runs suites understands. */
export function addGlobalOptions(cmd: Command): Command {
  return cmd
    .option('-c, --config <file>', 'config file (default: gauntlet.config.ts in the current directory)')
    .option('--seed <n>', 'override every seed (config, cases, scenarios)', parseSeed)
    .option('--reports <dir>', 'write reports to this directory (default: config reportsDir, "reports")')
    .option('--reporter <name>', 'reporter to use; repeat or comma-separate (default: config reporters)', collect)
    .addOption(
      new Option(
        '--shard <i/n>',
        "run only shard i of n: golden cases, drift scenario x seed pairs and bench files are split, other suites dealt whole; balanced by the last run's durations (reports dir or history store), else by counts; join with `gauntlet report merge`",
      ).argParser(parseShard),
    )
    .option(
      '--history',
      'append this run to the history store (config history.file, default .gauntlet/history.sqlite); locally the default, in CI only with this flag',
    )
    .option('--no-history', 'do not append this run to the history store');
}
