import { findConfigFile, loadConfig, type ResolvedConfig } from '../config/load-config.ts';
import { exitCodeFor, type RunReport } from '../core/report.ts';
import type { RunOptions } from '../core/run-suites.ts';
import { RunEvents } from '../core/run-events.ts';
import { historyStep } from '../history/history-step.ts';
import { resolveReporters } from '../report/registry.ts';
import { redactDeep, secretValues } from '../report/redact.ts';
import type { Reporter, ReporterContext } from '../report/reporter.ts';
import type { GlobalOptions } from './global-options.ts';
import type { CliIo } from './io.ts';
import type { RunSettings } from './run-messages.ts';
import { superviseRun } from './supervise-run.ts';

export async function loadProjectConfig(io: CliIo, opts: GlobalOptions): Promise<ResolvedConfig> {
  return loadConfig(findConfigFile(io.cwd, opts.config));
}

/**
 * Run suites, hand the one report to every reporter, and return the exit code. The config is loaded
 * once, by the process that runs the suites: this one learns the settings it needs from it (reporters,
 * reports directory, history) before the first suite starts.
 */
export async function runAndReport(
  io: CliIo,
  opts: GlobalOptions,
  runOptions: Omit<RunOptions, 'events' | 'seedOverride' | 'reportsDir' | 'shard' | 'previous' | 'ci'>,
): Promise<{ code: number; report: RunReport }> {
  const configFile = findConfigFile(io.cwd, opts.config);
  // Reporters named on the command line are checked before anything is loaded.
  if (opts.reporter?.length) resolveReporters(opts.reporter);
  const ci = io.env.CI === 'true';
  const events = new RunEvents();
  let reporters: Reporter[] = [];
  let ctx: ReporterContext | undefined;
  let settings: RunSettings | undefined;
  const attachReporters = (s: RunSettings) => {
    settings = s;
    reporters = resolveReporters(opts.reporter?.length ? opts.reporter : s.reporters);
    ctx = { reportsDir: s.reportsDir, rootDir: s.rootDir, ci, out: io.out, isTTY: Boolean(io.out.isTTY), env: io.env };
    for (const r of reporters) r.attach?.(events, ctx);
  };

  const interrupt = new AbortController();
  const onSignal = (name: NodeJS.Signals) => interrupt.abort(name);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    // The suites run in a child process this one supervises: a suite that never yields cannot hang the run.
    const report = await superviseRun(configFile, {
      ...runOptions,
      env: io.env,
      out: io.out,
      err: io.err,
      events,
      ci,
      seedOverride: opts.seed,
      ...(opts.reports ? { reportsDir: opts.reports } : {}),
      shard: opts.shard,
      signal: interrupt.signal,
      onSettings: attachReporters,
    });
    // History: after the report exists, before reporters format it (they show report.trends).
    const history = historyStep({
      report,
      config: settings!.history,
      rootDir: settings!.rootDir,
      env: io.env,
      ci,
      flag: opts.history,
    });
    if (history.trends.length) report.trends = history.trends;
    if (history.warning) io.err.write(`gauntlet: ${history.warning}\n`);
    // Reports are uploaded and posted: no token that a suite's error message quoted may reach them.
    const shown = redactDeep(report, secretValues(io.env));
    for (const r of reporters) await r.onRunEnd(shown, ctx!);
    return { code: exitCodeFor(report), report };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
