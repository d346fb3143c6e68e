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
    .option(
      '--update',
      'write the actual selection of every failing or new case as a proposal next to it (never in CI)',
    )
    .option('--accept', 'copy every proposal into its case file and delete it, then run (never in CI)')
    .option(
      '--from-counterexample <file>',
      "save a property test's shrunk counterexample (JSON) as a new case without an expectation, then stop",
    )
    .option('--dir <dir>', "with --from-counterexample: where to write the case (default: the golden suite's dir)")
    .option(
      '--name <name>',
      'with --from-counterexample: the case name (default: counterexample-<property>-<fast-check seed>)',
    )
    .addHelpText(
      'after',
      `
Workflow: --update writes <case>.proposal.yaml next to each failing or new case; review it (the
ranking diff is in the report), then --accept applies it. Under CI=true nothing is written.
A failing property test writes its shrunk input to reports/counterexamples/; save it as a case with
  npx gauntlet golden --from-counterexample reports/counterexamples/<property>-<seed>.json`,
    )
    .action(
      async (
        suites: string[],
        opts: GlobalOptions & {
          update?: boolean;
          accept?: boolean;
          fromCounterexample?: string;
          dir?: string;
          name?: string;
        },
      ) => {
        if (opts.fromCounterexample) {
          cli.setExitCode(await saveCounterexample(cli, suites, opts));
          return;
        }
        if (opts.update && opts.accept)
          throw new UsageError('--update and --accept are exclusive: review the proposals between the two');
        // Case workers start now, so their start-up overlaps loading the config and the cases.
        const { prewarmCaseWorkers, releaseWarmWorkers } = await import('../../golden/worker-pool.ts');
        prewarmCaseWorkers(Math.min(4, availableParallelism()));
        try {
          const { runAndReport } = await import('../run-and-report.ts');
          const { code } = await runAndReport(cli.io, opts, {
            only: suites,
            kinds: ['golden'],
            flags: { update: opts.update, accept: opts.accept },
          });
          cli.setExitCode(code);
        } finally {
          await releaseWarmWorkers();
        }
      },
    );
}

/** `--from-counterexample FILE`: write the case into --dir, or the named (or only) golden suite's dir. */
async function saveCounterexample(
  cli: CommandContext,
  suites: string[],
  opts: GlobalOptions & { fromCounterexample?: string; dir?: string; name?: string },
): Promise<number> {
  const { resolve, relative } = await import('node:path');
  const { writeCounterexampleCase } = await import('../../golden/counterexample-case.ts');
  let dir = opts.dir && resolve(cli.io.cwd, opts.dir);
  if (!dir) {
    const { loadProjectConfig } = await import('../run-and-report.ts');
    const config = await loadProjectConfig(cli.io, opts);
    const golden = config.suites.filter((s) => s.kind === 'golden' && (!suites.length || suites.includes(s.name)));
    if (golden.length !== 1) {
      throw new UsageError(
        `--from-counterexample needs one golden suite (found ${golden.map((s) => s.name).join(', ') || 'none'}): name it, or pass --dir`,
      );
    }
    const { goldenEntrySchema } = await import('../../golden/entry-schema.ts');
    dir = resolve(config.rootDir, goldenEntrySchema.parse(golden[0]!.entry).dir);
  }
  const out = await writeCounterexampleCase(resolve(cli.io.cwd, opts.fromCounterexample!), dir, opts.name);
  cli.io.out.write(
    `wrote ${relative(cli.io.cwd, out)} (no expectation yet: fix the selector, then gauntlet golden --update and --accept)\n`,
  );
  return 0;
}
