/**
 * The CLI's history step, run after the report exists and before reporters format it: append the
 * run to the history store (locally by default; in CI only when asked), prune by retention, and
 * find level shifts in the history of this run's metrics on the watched branch.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { z } from 'zod';
import { historyConfigSchema } from '../config/schema.ts';
import { isGauntletError } from '../core/errors.ts';
import type { RunReport, Trend } from '../core/report.ts';
import { historyRunOf, metricsOfReport } from './history-record.ts';
import { HistoryStore } from './history-store.ts';
import { currentBranch, currentMachine } from './machine.ts';
import { findTrends } from './trends.ts';
import { timingsOf } from '../core/shard-timings.ts';

export type HistoryConfig = z.output<typeof historyConfigSchema>;

export interface HistoryStepInput {
  report: RunReport;
  /** The config's `history` key (defaults when absent). */
  config: HistoryConfig | undefined;
  rootDir: string;
  env: NodeJS.ProcessEnv;
  ci: boolean;
  /** --history (true) / --no-history (false); undefined: config `enabled`, and never in CI. */
  flag?: boolean;
  now?: Date;
}

export interface HistoryStepResult {
  trends: Trend[];
  /** The store file when this run was appended. */
  recorded?: string;
  /** Why history was skipped or failed; the run itself is unaffected. */
  warning?: string;
}

const DAY_MS = 86_400_000;

/** Whether this run is written: an explicit flag wins; otherwise the config, and never in CI. */
export function shouldRecord(
  config: HistoryConfig,
  ci: boolean,
  flag: boolean | undefined,
  report: RunReport,
): boolean {
  if (report.shard) return false; // shards are recorded once merged
  if (flag !== undefined) return flag;
  return config.enabled && !ci;
}

/** Open, append, prune, and compute trends against the store. */
export function recordAndFindTrends(
  store: HistoryStore,
  report: RunReport,
  input: { config: HistoryConfig; env: NodeJS.ProcessEnv; now?: Date; write: boolean },
): Trend[] {
  const { config } = input;
  if (input.write) {
    const run = historyRunOf(report, { branch: currentBranch(process.cwd(), input.env), machine: currentMachine() });
    store.append([run]);
    store.saveTimings(run.runId, JSON.stringify(timingsOf(report)));
    store.prune((input.now ?? new Date()).getTime(), {
      retentionMs: config.retentionDays * DAY_MS,
      maxRuns: config.maxRuns,
    });
  }
  const series = metricsOfReport(report).map(({ value: _v, ...m }) => m);
  return findTrends(store, series, { ...config.changePoints, branch: config.branch });
}

export function historyStep(raw: HistoryStepInput): HistoryStepResult {
  const input = { ...raw, config: raw.config ?? historyConfigSchema.parse({}) };
  const file = resolve(input.rootDir, input.config.file);
  const write = shouldRecord(input.config, input.ci, input.flag, input.report);
  if (!write && !existsSync(file)) return { trends: [] };
  let store: HistoryStore | undefined;
  try {
    store = new HistoryStore(file);
    const trends = recordAndFindTrends(store, input.report, { ...input, write });
    return { trends, ...(write ? { recorded: file } : {}) };
  } catch (e) {
    // A broken history store must not cost the run its report.
    const why = isGauntletError(e) ? e.describe() : `${file}: ${(e as Error).message}`;
    return { trends: [], warning: `history not ${write ? 'recorded' : 'read'}: ${why}` };
  } finally {
    store?.close();
  }
}
