import type { Command } from 'commander';
import type { CommandContext } from '../command-context.ts';
import { resolve } from 'node:path';

interface CanaryOptions {
  baseline: string;
  canary: string;
  config?: string;
  json?: boolean;
  chart?: string;
}

export function registerCanary(program: Command, cli: CommandContext): void {
  program
    .command('canary')
    .description('judge a canary: compare two metric exports (JSON name -> numbers, or CSV one column per metric)')
    .requiredOption('--baseline <file>', 'metric export of the baseline arm (.json or .csv)')
    .requiredOption('--canary <file>', 'metric export of the canary arm (.json or .csv)')
    .option('--config <file>', 'judge config (JSON or YAML): alpha, metrics, groups, rollback limits...')
    .option('--json', 'print the judgment as one JSON object (verdict, decision, score, metrics...)')
    .option('--chart <file>', 'write an SVG chart of each metric\'s interval against its allowed change')
    .addHelpText('after', '\nExit codes: 0 pass or marginal, 1 fail, 2 bad input (file, field and line named).')
    .action(async (opts: CanaryOptions) => {
      const { judgeExportFiles } = await import('../../canary/judge-files.ts');
      const at = (f: string) => resolve(cli.io.cwd, f);
      const judgment = await judgeExportFiles({ baseline: at(opts.baseline), canary: at(opts.canary), config: opts.config && at(opts.config) });
      if (opts.chart) {
        const [{ renderCanaryChart }, { writeFileAtomic }] = await Promise.all([import('../../canary/chart.ts'), import('../../io/atomic-write.ts')]);
        await writeFileAtomic(at(opts.chart), renderCanaryChart(judgment));
      }
      if (opts.json) cli.io.out.write(JSON.stringify(judgment, null, 2) + '\n');
      else {
        const { renderJudgment } = await import('../../canary/render-judgment.ts');
        cli.io.out.write(renderJudgment(judgment));
      }
      const { canaryExitCode } = await import('../../canary/judgment.ts');
      cli.setExitCode(canaryExitCode(judgment));
    });
}
