import type { Command } from 'commander';
import { UsageError } from '../../core/errors.ts';
import { addGlobalOptions, type GlobalOptions } from '../global-options.ts';
import type { CommandContext } from '../command-context.ts';
import { refuseSaveWithAgainst } from '../save-or-against.ts';

const positiveInt = (name: string) => (v: string) => {
  if (!/^\d+$/.test(v) || Number(v) < 2) throw new UsageError(`${name} must be an integer >= 2, got '${v}'`);
  return Number(v);
};
const positiveMs = (name: string) => (v: string) => {
  const n = Number(v);
  if (!(n > 0) || !Number.isFinite(n)) throw new UsageError(`${name} must be a positive number of ms, got '${v}'`);
  return n;
};
const positiveCount = (name: string) => (v: string) => {
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new UsageError(`${name} must be a positive integer, got '${v}'`);
  return Number(v);
};
const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerBench(program: Command, cli: CommandContext): void {
  addGlobalOptions(
    program
      .command('bench')
      .description('run the benchmark suites and gate on regressions against the stored baseline or a git ref')
      .argument('[suite...]', 'bench suite names (default: all bench suites)'),
  )
    .option(
      '--save',
      "store this run as the new baseline (the suite's baseline, default baselines/bench.json); in CI ignored with a note",
    )
    .option(
      '--against <ref>',
      'compare with a git ref built in a temporary worktree, base and head interleaved pair by pair',
    )
    .option(
      '--repetitions <k>',
      'process-level repetitions per file, every clock (default: config, 6 timed, 1 counted)',
      positiveInt('--repetitions'),
    )
    .option('--time <ms>', 'measuring time per benchmark and repetition (default: config, 100)', positiveMs('--time'))
    .option('-t, --filter <text>', 'only benchmarks whose id ("file > name") contains this text; repeatable', collect)
    .option(
      '--calibrate [runs]',
      "A/A on this machine: judge the unchanged suite against itself <runs> times (default 10); reports false fails, detectable slowdown and noise per clock, and how far the calibration vector's shape moved (EXCEEDED past the 2.5x bound a stored baseline must stay within)",
      positiveCount('--calibrate'),
    )
    .addHelpText(
      'after',
      `
Clocks (config 'clock', or per benchmark; default 'instructions'): 'instructions' counts the
instructions of the measured loop under valgrind, one process per file ('instructionRepetitions')
(repeats to ~0.1% on any machine with the same Node; compared directly against
'instructionTolerance'). Without the valgrind hooks addon (no C compiler, no Node headers, or
GAUNTLET_INSTRUCTION_METHOD=n-2n) each benchmark is counted as the difference of two whole-process
counts with n and 2n iterations; without valgrind (Debian package valgrind; or GAUNTLET_NO_VALGRIND=1)
it is timed on the CPU clock; a note says which. Benchmarks that wait on I/O or another process set
clock 'wall'. 'cpu' and 'wall' time it (hierarchical bootstrap of
the ratio over process-level repetitions, Holm-adjusted over all benchmarks at alpha, above
'tolerance'). A flagged regression fails only when a re-run confirms it; the re-run measures both
sides whenever the base can be measured.

Which comparison runs: with --against <ref> (pull requests in CI pass their base commit), that ref
is measured now, interleaved with the head. Otherwise (pushes to main, the nightly, your machine) the
stored baseline is used when its machine fingerprint matches this machine for the benchmark's clock:
instruction counts need the same Node and V8, architecture, instruction-set flags (under valgrind
on x86-64 with AVX: those of the CPU valgrind shows the process, so another CPU model compares),
heap limit and counter; times also the same CPU model, cores, OS and calibration workloads. A
baseline from another machine is never judged on its absolute figures: its commit is measured now
beside the head (only for the files with timed benchmarks when its counts hold here) when the
repository has it, else each time benchmark is a warning "not comparable: baseline from another
machine" showing both figures (counts that hold here are still compared).

Trends: each benchmark's sparkline shows its calibrated median over the runs in the history store
(docs/guide/history.md; local runs are kept by default, CI runs with --history). The bench history
file of earlier versions (baselines/history/<suite>.jsonl) is still read while the store holds none
of the suite's runs; 'gauntlet history import baselines/history' moves it into the store.

Examples:
  npx gauntlet bench                        compare with baselines/bench.json
  npx gauntlet bench --save                 measure and store the baseline (with this machine's fingerprint)
  npx gauntlet bench --against origin/main  compare with main, interleaved in this job (pull requests)
  npx gauntlet bench --calibrate 20         the gate's false-fail rate and sensitivity on this machine
                                            (the whole suite on one machine: not with --shard)`,
    )
    .action(
      async (
        suites: string[],
        opts: GlobalOptions & {
          save?: boolean;
          against?: string;
          history?: boolean;
          repetitions?: number;
          time?: number;
          filter?: string[];
          calibrate?: number | true;
        },
      ) => {
        refuseSaveWithAgainst(opts);
        if (opts.calibrate && (opts.save || opts.against || opts.history))
          throw new UsageError(
            '--calibrate runs the suite against itself: it does not combine with --save, --against or --history',
          );
        // The A/A figures hold for one machine and the whole suite's Holm family: shards on several
        // runners would mix machines, and each shard's false fails would be counted over a smaller family.
        if (opts.calibrate && opts.shard)
          throw new UsageError(
            '--calibrate does not split across shards: it measures the false-fail rate of the whole suite on one machine; run it without --shard, on one runner',
          );
        const { runAndReport } = await import('../run-and-report.ts');
        // An A/A calibration is not a run of the code: it is never kept in the history store.
        const { code } = await runAndReport(cli.io, opts.calibrate ? { ...opts, history: false } : opts, {
          only: suites,
          kinds: ['bench'],
          flags: {
            save: opts.save,
            against: opts.against,
            repetitions: opts.repetitions,
            time: opts.time,
            filter: opts.filter,
            calibrate: opts.calibrate === true ? 10 : opts.calibrate,
          },
        });
        cli.setExitCode(code);
      },
    );
}
