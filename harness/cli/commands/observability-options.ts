import type { Command } from 'commander';

export const collect = (value: string, previous: string[] = []) => [...previous, ...value.split(',').filter(Boolean)];

/** `-c, --config`: the history commands read the config's `history` key (file, branch, change-point settings). */
export function addConfigOption(cmd: Command): Command {
  return cmd.option('-c, --config <file>', 'config file (default: gauntlet.config.ts in the current directory)');
}

/**
 * A subcommand's options, where those it shares with its parent (`--out`, `--file`, `--config`)
 * may have been parsed by the parent: commander gives a parent's options to the parent wherever
 * they are written, so `dashboard generate --out x` sets the parent's `out`.
 */
export function subcommandOptions<T extends object>(cmd: Command): T {
  const own = cmd.opts<Record<string, unknown>>();
  const parent = cmd.parent;
  if (!parent) return own as T;
  const fromParent = Object.fromEntries(
    Object.keys(parent.opts())
      .filter((k) => parent.getOptionValueSource(k) === 'cli')
      .map((k) => [k, parent.getOptionValue(k)]),
  );
  return { ...own, ...fromParent } as T;
}
