import { join, resolve } from 'node:path';
import { findConfigFile, loadConfig, type ResolvedConfig } from '../config/load-config.ts';
import { exitCodeFor, type RunReport } from '../core/report.ts';
import type { RunOptions } from '../core/run-suites.ts';
import { RunEvents } from '../core/run-events.ts';
import { historyStep } from '../history/history-step.ts';
import { resolveReporters } from '../report/registry.ts';
import { redactDeep, secretValues } from '../report/redact.ts';
import type { ReporterContext } from '../report/reporter.ts';
import type { GlobalOptions } from './global-options.ts';
import type { CliIo } from './io.ts';
import { superviseRun } from './supervise-run.ts';

export async function loadProjectConfig(io: CliIo, opts: GlobalOptions): Promise<ResolvedConfig> {
  return loadConfig(findConfigFile(io.cwd, opts.config));
}

/**
 * The last run's report in the reports directory, to balance `--shard` by durations (the action can
 * restore it from a cache). Missing or unreadable: none, and shards split by counts.
 */
async function lastRunReport(reportsDir: string): Promise<RunReport | undefined> {
  const { readRunReport } = await import('../report/read-report.ts');
  return readRunReport(join(reportsDir, 'gauntlet.json')).catch(() => undefined);
}

/** Run suites, hand the one report to every reporter, and return the exit code. */
export async function runAndReport(
  io: CliIo,
  opts: GlobalOptions,
  runOptions: Omit<RunOptions, 'events' | 'seedOverride' | 'reportsDir' | 'shard' | 'previous' | 'ci'>,
): Promise<{ code: number; report: RunReport }> {
  const config = await loadProjectConfig(io, opts);
  const ci = io.env.CI === 'true';
  const reportsDir = resolve(config.rootDir, opts.reports ?? config.reportsDir);
  const reporters = resolveReporters(opts.reporter?.length ? opts.reporter : config.reporters);
  const events = new RunEvents();
  const ctx: ReporterContext = {
    reportsDir,
    rootDir: config.rootDir,
    ci,
    out: io.out,
    isTTY: Boolean(io.out.isTTY),
    env: io.env,
  };
  for (const r of reporters) r.attach?.(events, ctx);

  const interrupt = new AbortController();
  const onSignal = (name: NodeJS.Signals) => interrupt.abort(name);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    // The suites run in a child process this one supervises: a suite that never yields cannot hang the run.
    const report = await superviseRun(config, {
      ...runOptions,
      env: io.env,
      out: io.out,
      err: io.err,
      events,
      ci,
      seedOverride: opts.seed,
      reportsDir,
      shard: opts.shard,
      previous: opts.shard ? await lastRunReport(reportsDir) : undefined,
      signal: interrupt.signal,
    });
    // History: after the report exists, before reporters format it (they show report.trends).
    const history = historyStep({
      report,
      config: config.history,
      rootDir: config.rootDir,
      env: io.env,
      ci,
      flag: opts.history,
    });
    if (history.trends.length) report.trends = history.trends;
    if (history.warning) io.err.write(`gauntlet: ${history.warning}\n`);
    // Reports are uploaded and posted: no token that a suite's error message quoted may reach them.
    const shown = redactDeep(report, secretValues(io.env));
    for (const r of reporters) await r.onRunEnd(shown, ctx);
    return { code: exitCodeFor(report), report };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
