import type { Command } from 'commander';
import { UsageError } from '../../core/errors.ts';
import { addGlobalOptions, type GlobalOptions } from '../global-options.ts';
import type { CommandContext } from '../command-context.ts';

const positiveInt = (name: string) => (v: string) => {
  if (!/^\d+$/.test(v) || Number(v) < 2) throw new UsageError(`${name} must be an integer >= 2, got '${v}'`);
  return Number(v);
};
const positiveMs = (name: string) => (v: string) => {
  const n = Number(v);
  if (!(n > 0) || !Number.isFinite(n)) throw new UsageError(`${name} must be a positive number of ms, got '${v}'`);
  return n;
};
const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerBench(program: Command, cli: CommandContext): void {
  addGlobalOptions(
    program
      .command('bench')
      .description('run the benchmark suites and gate on regressions against the stored baseline or a git ref')
      .argument('[suite...]', 'bench suite names (default: all bench suites)'),
  )
    .option('--save', 'store this run as the new baseline (baselines/bench.json); never in CI')
    .option('--against <ref>', 'compare with a git ref built in a temporary worktree, base and head interleaved pair by pair')
    .option('--history', 'append this run to the history file (baselines/history/<suite>.jsonl); never in CI')
    .option('--repetitions <k>', 'process-level repetitions per benchmark (default: config, 6)', positiveInt('--repetitions'))
    .option('--time <ms>', 'measuring time per benchmark and repetition (default: config, 100)', positiveMs('--time'))
    .option('-t, --filter <text>', 'only benchmarks whose id ("file > name") contains this text; repeatable', collect)
    .addHelpText(
      'after',
      `
A benchmark fails when its slowdown is credible (hierarchical bootstrap of the ratio of medians over
process-level repetitions, Holm-adjusted over all benchmarks at alpha) and above its tolerance, and a
re-run confirms it. Examples:
  npx gauntlet bench                       compare with baselines/bench.json
  npx gauntlet bench --save                measure and store the baseline
  npx gauntlet bench --against origin/main  compare with main, interleaved in this job`,
    )
    .action(async (suites: string[], opts: GlobalOptions & { save?: boolean; against?: string; history?: boolean; repetitions?: number; time?: number; filter?: string[] }) => {
      if (opts.save && opts.against) throw new UsageError('--save and --against are exclusive: a baseline is saved from a plain run');
      const { runAndReport } = await import('../run-and-report.ts');
      const { code } = await runAndReport(cli.io, opts, {
        only: suites,
        kinds: ['bench'],
        flags: { save: opts.save, against: opts.against, history: opts.history, repetitions: opts.repetitions, time: opts.time, filter: opts.filter },
      });
      cli.setExitCode(code);
    });
}
