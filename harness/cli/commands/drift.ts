import type { Command } from 'commander';
import { resolve } from 'node:path';
import type { CommandContext } from '../command-context.ts';
import { UsageError } from '../../core/errors.ts';

interface DriftOptions {
  reference: string;
  current: string;
  json?: boolean;
  alpha?: string;
  calibrate?: boolean;
  k?: string;
}

/** Fewest values per sample: PSI and Jensen-Shannon bin into 10 reference quantiles. */
export const MIN_SAMPLE_VALUES = 10;

export function registerDrift(program: Command, cli: CommandContext): void {
  program
    .command('drift')
    .description('compare two samples for drift: KS test, normed Wasserstein, PSI, Jensen-Shannon, and a decision')
    .requiredOption(
      '--reference <file>',
      'reference sample: a JSON array of numbers, or CSV with one column (optional header)',
    )
    .requiredOption('--current <file>', 'current sample, same formats')
    .option('--json', 'print one JSON object (ks.statistic, ks.pValue, wasserstein, psi, jensenShannon, drift...)')
    .option('--alpha <p>', 'KS significance level (default 0.01)')
    .option(
      '--calibrate',
      "calibrate the distance thresholds on the reference: chunks of the current sample's size (needs >= 5)",
    )
    .option('--k <sd>', 'with --calibrate: threshold = mean + k sd over the chunks (default 3)')
    .addHelpText(
      'after',
      `\nEach file needs at least ${MIN_SAMPLE_VALUES} values. Exit codes: 0 no drift, 1 drift, 2 bad input (file and line named).\nThe drift simulations run with \`gauntlet run drift\`.`,
    )
    .action(async (opts: DriftOptions) => {
      const alpha = opts.alpha === undefined ? undefined : Number(opts.alpha);
      if (alpha !== undefined && !(alpha > 0 && alpha < 1))
        throw new UsageError(`--alpha must be a number in (0, 1), got '${opts.alpha}'`);
      // An option the run would not act on is an error, never ignored (as canary's --look-column).
      if (opts.k !== undefined && !opts.calibrate)
        throw new UsageError(
          '--k needs --calibrate: it sets the calibrated thresholds (mean + k sd over reference chunks); without --calibrate the fixed thresholds apply',
        );
      const k = opts.k === undefined ? 3 : Number(opts.k);
      if (!(k > 0 && Number.isFinite(k))) throw new UsageError(`--k must be a positive number, got '${opts.k}'`);
      const [{ readSamples }, { compareSamples, renderComparison, CompareSamplesError }, { InputError }] =
        await Promise.all([
          import('../../drift/read-samples.ts'),
          import('../../drift/compare-samples.ts'),
          import('../../core/errors.ts'),
        ]);
      const at = (f: string) => resolve(cli.io.cwd, f);
      const reference = await readSamples(at(opts.reference), MIN_SAMPLE_VALUES, opts.reference);
      const current = await readSamples(at(opts.current), MIN_SAMPLE_VALUES, opts.current);
      let result;
      try {
        result = compareSamples(reference, current, { alpha, ...(opts.calibrate ? { calibrate: { k } } : {}) });
      } catch (e) {
        if (e instanceof CompareSamplesError)
          throw new InputError(e.message, {
            file: e.message.startsWith('reference') ? opts.reference : `${opts.reference}, ${opts.current}`,
          });
        throw e;
      }
      cli.io.out.write(
        opts.json
          ? JSON.stringify(result, null, 2) + '\n'
          : renderComparison(result, { reference: opts.reference, current: opts.current }),
      );
      cli.setExitCode(result.drift ? 1 : 0);
    });
}
