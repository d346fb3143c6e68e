import { InputError } from '../core/errors.ts';
import { readValidatedFile } from '../io/read-data-file.ts';
import { defaultJudgeConfig, judgeConfigSchema, type JudgeConfig } from './judge-config.ts';
import { judgeCanary } from './judge.ts';
import type { CanaryJudgment } from './judgment.ts';
import { readExport, type ExportOptions } from './metric-export.ts';
import { splitIntoLooks } from './export-looks.ts';
import { SequentialCanaryJudge, type SequentialJudgment } from './sequential.ts';

/** Read a judge config file (JSON or YAML); InputError naming the field on anything invalid. */
export async function readJudgeConfig(file: string | undefined): Promise<JudgeConfig> {
  return file ? readValidatedFile(file, judgeConfigSchema) : defaultJudgeConfig();
}

export interface ExportFiles {
  baseline: string;
  canary: string;
  config?: string;
  /** How to read both files: format, metric mapping, look column. */
  read?: Omit<ExportOptions, 'labels'>;
  /** Prometheus / OpenMetrics: the label selector of each arm. */
  labels?: { baseline?: Record<string, string>; canary?: Record<string, string> };
  /** Overrides the config's `inconclusive` policy. */
  inconclusive?: 'warn' | 'fail';
}

/**
 * Judge two metric export files (what `gauntlet canary` does): once, or, when the config has
 * `sequential`, look by look over the time-ordered samples (or the look column), as the canary would
 * have been judged while it ran.
 */
export async function judgeExportFiles(files: ExportFiles): Promise<CanaryJudgment | SequentialJudgment> {
  const read = files.read ?? {};
  const loaded = await readJudgeConfig(files.config);
  const config = files.inconclusive ? { ...loaded, inconclusive: files.inconclusive } : loaded;
  if (read.lookColumn && !config.sequential) {
    throw new InputError(
      files.config
        ? '--look-column needs `sequential` in the judge config (a fixed-horizon judgment has no looks)'
        : 'needs a judge config with `sequential` (--config; a fixed-horizon judgment has no looks)',
      files.config ? { file: files.config } : { field: '--look-column' },
    );
  }
  const [baseline, canary] = await Promise.all([
    readExport(files.baseline, { ...read, labels: files.labels?.baseline }),
    readExport(files.canary, { ...read, labels: files.labels?.canary }),
  ]);
  if (!config.sequential) return judgeCanary({ baseline: baseline.samples, canary: canary.samples }, config);
  const judge = new SequentialCanaryJudge(config);
  for (const batch of splitIntoLooks(baseline, canary, config.sequential.looks, files)) {
    judge.look(batch);
    if (judge.done) return judge.done;
  }
  return judge.interim();
}
