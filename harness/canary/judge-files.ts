import { readValidatedFile } from '../io/read-data-file.ts';
import { defaultJudgeConfig, judgeConfigSchema, type JudgeConfig } from './judge-config.ts';
import { judgeCanary } from './judge.ts';
import type { CanaryJudgment } from './judgment.ts';
import { readMetricExport } from './metric-export.ts';

/** Read a judge config file (JSON or YAML); InputError naming the field on anything invalid. */
export async function readJudgeConfig(file: string | undefined): Promise<JudgeConfig> {
  return file ? readValidatedFile(file, judgeConfigSchema) : defaultJudgeConfig();
}

/** Judge two metric export files (what `gauntlet canary` does). */
export async function judgeExportFiles(files: { baseline: string; canary: string; config?: string }): Promise<CanaryJudgment> {
  const [config, baseline, canary] = await Promise.all([readJudgeConfig(files.config), readMetricExport(files.baseline), readMetricExport(files.canary)]);
  return judgeCanary({ baseline, canary }, config);
}
