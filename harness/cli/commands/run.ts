import type { Command } from 'commander';
import { addGlobalOptions, type GlobalOptions } from '../global-options.ts';
import { selectSuites } from '../../core/select-suites.ts';
import { parseKindFlags } from '../../core/kind-flags.ts';
import { loadProjectConfig, runAndReport } from '../run-and-report.ts';
import type { CommandContext } from '../command-context.ts';
import { refuseSaveWithAgainst } from '../save-or-against.ts';

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
      'bench suites compare with this git ref (built in a temporary worktree) instead of the stored baseline; stress suites judge e2e latency against its client, measured in the same rounds',
    )
    .option(
      '--flag <name=value>',
      "a command-line option for the suites' kinds, e.g. a custom kind's (repeatable; the value is read as JSON when it parses, else as text)",
      (v: string, all: string[]) => [...all, v],
      [] as string[],
    )
    .option(
      '--serial',
      'run the suites one after another; by default suites that measure no time (drift) run beside the untimed stretches of others (bench counting instructions), never beside a measurement (bench timing, golden, stress, canary)',
    )
    .option('--list', 'list the configured suites that would run (name, kind and what the kind does) and exit')
    .action(
      async (
        suites: string[],
        opts: GlobalOptions & { save?: boolean; against?: string; list?: boolean; serial?: boolean; flag: string[] },
      ) => {
        if (opts.list) {
          const config = await loadProjectConfig(cli.io, opts);
          cli.io.out.write(listSuites(selectSuites(config.suites, { only: suites })));
          return;
        }
        refuseSaveWithAgainst(opts);
        const kindFlags = parseKindFlags(opts.flag);
        const { code } = await runAndReport(cli.io, opts, {
          only: suites,
          flags: { ...kindFlags, save: opts.save, against: opts.against },
          kindFlagNames: Object.keys(kindFlags),
          ...(opts.serial ? { serial: true } : {}),
        });
        cli.setExitCode(code);
      },
    );
}

/** One line per suite: its name, its kind and the kind's one-line description, in columns. */
export function listSuites(
  suites: ReadonlyArray<{ name: string; kind: string; definition: { description: string } }>,
): string {
  if (suites.length === 0) return 'no suites configured\n';
  const nameWidth = Math.max(...suites.map((s) => s.name.length));
  const kindWidth = Math.max(...suites.map((s) => s.kind.length));
  return suites
    .map((s) => `${s.name.padEnd(nameWidth)}  ${s.kind.padEnd(kindWidth)}  ${s.definition.description}\n`)
    .join('');
}
