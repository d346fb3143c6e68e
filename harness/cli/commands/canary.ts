import { Option, type Command } from 'commander';
import type { CommandContext } from '../command-context.ts';
import { resolve } from 'node:path';

interface CanaryOptions {
  baseline: string;
  canary: string;
  config?: string;
  json?: boolean;
  chart?: string;
  format?: 'json' | 'yaml' | 'csv' | 'ndjson' | 'prometheus';
  metric?: string[];
  lookColumn?: string;
  baselineLabels?: string;
  canaryLabels?: string;
  inconclusive?: 'warn' | 'fail';
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerCanary(program: Command, cli: CommandContext): void {
  program
    .command('canary')
    .description('judge a canary: compare the metric exports of the baseline and canary arms, once or look by look')
    .requiredOption(
      '--baseline <file>',
      'metric export of the baseline arm (.json, .yaml, .csv, .ndjson/.jsonl, .prom/.om)',
    )
    .requiredOption(
      '--canary <file>',
      'metric export of the canary arm (may be the same file as --baseline for Prometheus text with label selectors)',
    )
    .option(
      '--config <file>',
      'judge config (JSON or YAML): alpha, allowances, metrics, groups, rollback limits, inconclusive policy, sequential looks...',
    )
    .addOption(
      new Option('--format <format>', 'read both files as this format instead of by extension').choices([
        'json',
        'yaml',
        'csv',
        'ndjson',
        'prometheus',
      ]),
    )
    .option(
      '--metric <name=column>',
      'judge only the chosen columns (fields, series), each under a metric name, e.g. --metric latency_ms=duration --metric error; repeatable',
      collect,
    )
    .option(
      '--look-column <column>',
      "with `sequential` in the config: the column (field) holding each row's look number; without it rows are split into looks in file order",
    )
    .option(
      '--baseline-labels <label=value,...>',
      "Prometheus / OpenMetrics text: labels selecting the baseline arm's series, e.g. track=stable",
    )
    .option(
      '--canary-labels <label=value,...>',
      "Prometheus / OpenMetrics text: labels selecting the canary arm's series, e.g. track=canary",
    )
    .addOption(
      new Option(
        '--inconclusive <policy>',
        'exit code of an inconclusive canary: fail (1) or warn (0); overrides the config',
      ).choices(['warn', 'fail']),
    )
    .option('--json', 'print the judgment as one JSON object (verdict, decision, score, metrics...)')
    .option('--chart <file>', "write an SVG chart of each metric's interval against its allowed change")
    .addHelpText(
      'after',
      [
        '',
        'Decisions: promote only when every critical metric is clearly within its allowance (its interval excludes',
        'any larger bad change) and the score passes; roll back when something is clearly worse or a hard limit is',
        'crossed; otherwise continue (inconclusive), with the samples per arm that would settle each open metric.',
        '',
        'Exit codes: 0 pass or marginal, 1 fail (and inconclusive, unless the policy is warn), 2 bad input (file, line and field named).',
      ].join('\n'),
    )
    .action(async (opts: CanaryOptions) => {
      const [{ judgeExportFiles }, { parseMetricMapping, parseLabelSelector }] = await Promise.all([
        import('../../canary/judge-files.ts'),
        import('../../canary/export-columns.ts'),
      ]);
      const at = (f: string) => resolve(cli.io.cwd, f);
      const judgment = await judgeExportFiles({
        baseline: at(opts.baseline),
        canary: at(opts.canary),
        config: opts.config && at(opts.config),
        read: {
          format: opts.format,
          metrics: opts.metric?.length ? parseMetricMapping(opts.metric) : undefined,
          lookColumn: opts.lookColumn,
        },
        labels: {
          baseline:
            opts.baselineLabels === undefined
              ? undefined
              : parseLabelSelector(opts.baselineLabels, '--baseline-labels'),
          canary:
            opts.canaryLabels === undefined ? undefined : parseLabelSelector(opts.canaryLabels, '--canary-labels'),
        },
        inconclusive: opts.inconclusive,
      });
      if (opts.chart) {
        const [{ renderCanaryChart }, { writeFileAtomic }] = await Promise.all([
          import('../../canary/chart.ts'),
          import('../../io/atomic-write.ts'),
        ]);
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
