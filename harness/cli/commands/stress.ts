import type { Command } from 'commander';
import { addGlobalOptions, type GlobalOptions } from '../global-options.ts';
import type { CommandContext } from '../command-context.ts';
import { refuseSaveWithAgainst } from '../save-or-against.ts';

export function registerStress(program: Command, cli: CommandContext): void {
  addGlobalOptions(
    program
      .command('stress')
      .description('run only the LLM stress suites (all, or those named)')
      .argument('[suite...]', 'stress suite names (default: all stress suites)'),
  )
    .option('--save', 'store the results as the new stress baselines (never in CI)')
    .option(
      '--against <ref>',
      "judge e2e latency against this git ref's client (its own config, a temporary worktree), measured in the same rounds",
    )
    .addHelpText(
      'after',
      `
Which latency comparison runs (the report's notes and each e2e-latency check say which did):
  stored      the baseline's per-round latency ratios (client / yardstick), when it was measured on
              a machine like this one (CPU model, cores, Node, OS, architecture) and the load phase's
              CPU contention is within 2x of the baseline's
  same-run    otherwise, when the baseline's commit is in the repository: that commit's client is
              built from its own config in a temporary git worktree and measured in the same
              yardstick rounds as the head (same mock, same seed), and the head is judged against it
              by the same rule; with --against <ref>, always, against that ref
  warning     otherwise (a shallow clone without the baseline's commit): "not comparable", both
              figures shown, never a fail; fetch the history or re-save the baseline on this machine class

A regression found against the stored ratios fails only when confirmed (suite option confirm, default
true): the scenario's rounds are measured again with the baseline's commit's client beside the head;
fail if the head is slower than it there too, else a warning (the host changed since the baseline was
saved). Without the commit, the head's rounds again against the stored ratios: fail only if both flag.

Examples:
  npx gauntlet stress                       judge against the stored baselines
  npx gauntlet stress --against origin/main compare with main's client, measured in this job
  npx gauntlet stress llm-client --save     store a new baseline (not in CI)
`,
    )
    .action(async (suites: string[], opts: GlobalOptions & { save?: boolean; against?: string }) => {
      refuseSaveWithAgainst(opts);
      const { runAndReport } = await import('../run-and-report.ts');
      const { code } = await runAndReport(cli.io, opts, {
        only: suites,
        kinds: ['stress'],
        flags: { save: opts.save, against: opts.against },
      });
      cli.setExitCode(code);
    });
}
