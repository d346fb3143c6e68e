import { resolve } from 'node:path';
import type { ResolvedConfig, ResolvedSuite } from '../config/load-config.ts';
import { isGauntletError, UsageError } from './errors.ts';
import type { RunReport, SuiteRef, SuiteReport } from './report.ts';
import { buildRunReport } from './run-report.ts';
import { suiteMeasuresTime, type MeasuresTime, type SuiteContext } from './suite-kind.ts';
import { MachineLease } from './machine-lease.ts';
import { InOrderEvents } from './in-order-events.ts';
import { resolveInside } from '../io/safe-path.ts';
import { RunEvents } from './run-events.ts';
import { openRunHistory } from '../history/run-history.ts';
import { selectSuites, type SuiteSelection } from './select-suites.ts';
import { undeclaredFlags } from './kind-flags.ts';

export interface RunOptions extends SuiteSelection {
  /** Command-line flags; each suite's kind reads those its `flagsSchema` declares. */
  flags?: Record<string, unknown>;
  /** Flags given with `gauntlet run --flag`: each must be declared by a selected suite's kind (else a usage error). */
  kindFlagNames?: string[];
  seedOverride?: number;
  reportsDir?: string;
  ci?: boolean;
  events?: RunEvents;
  /** External cancellation (SIGINT, SIGTERM): the run ends as `interrupted`. The run deadline is added to it. */
  signal?: AbortSignal;
  /** Run the suites one after another, none beside another (`--serial`; default: config `overlap`). */
  serial?: boolean;
  /** When the run deadline passes (epoch ms); default `runTimeoutMs` from now. Set by a supervisor that started earlier. */
  deadlineAt?: number;
}

/**
 * Run the chosen suites and return the one run report, its suites in config order. Suites that
 * measure time run alone; untimed ones (`measuresTime: false`, per kind or per entry) run beside other suites' untimed work
 * (a kind with quiet stretches outside them), never beside a measurement; `serial` (`--serial`, config
 * `overlap: false`) runs them one after another. Events come in config order whatever overlapped.
 * Never prints, never exits.
 */
export async function runSuites(config: ResolvedConfig, options: RunOptions = {}): Promise<RunReport> {
  const events = options.events ?? new RunEvents();
  const ci = options.ci ?? process.env.CI === 'true';
  const seed = options.seedOverride ?? config.seed;
  const reportsDir = resolve(config.rootDir, options.reportsDir ?? config.reportsDir);
  const started = new Date();
  const t0 = performance.now();
  const deadline = AbortSignal.timeout(
    Math.max(0, options.deadlineAt === undefined ? config.runTimeoutMs : options.deadlineAt - Date.now()),
  );
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
  // Only the last unsharded or merged run balances a split; a shard's own report does not (every
  // shard must plan alike: `gauntlet report merge` checks that each unit ran exactly once).
  const previous = options.previous && !options.previous.shard ? options.previous : undefined;
  const selected = selectSuites(config.suites, { ...options, shard: undefined });
  const suites = options.shard ? selectSuites(selected, { shard: options.shard, previous }) : selected;
  const unread = undeclaredFlags(options.kindFlagNames ?? [], selected);
  if (unread.length)
    throw new UsageError(
      `--flag ${unread.join(', ')}: no selected suite's kind reads it (kinds: ${[...new Set(selected.map((s) => s.kind))].join(', ') || 'none'}; a kind declares its flags in flagsSchema)`,
    );
  events.emit('run-start', { suites: suites.map(({ kind, name }) => ({ kind, name })), seed });

  const finished: Array<SuiteReport | undefined> = [];
  const cutShortAt: number[] = [];
  const history = openRunHistory(config.rootDir, config.history);
  const serial = options.serial ?? config.overlap === false;
  const announcer = new InOrderEvents(suites, events);
  const lease = new MachineLease();
  const runOne = async (index: number, mode: MeasuresTime | 'serial'): Promise<void> => {
    const entry = suites[index]!;
    // A suite that runs alone holds the machine whole. Any other work shares it: an untimed suite, and
    // one with quiet stretches outside them; a quiet stretch holds it whole. (Work a suite starts while
    // its own stretch is asked for, as bench's counted pool does, holds no lease of its own.)
    // A free lease is taken at once (the suite starts in this tick, as a serial run's would).
    const take = (exclusive: boolean) => lease.tryAcquire(exclusive) ?? lease.acquire(exclusive, signal);
    let release: (() => void) | undefined =
      mode === 'serial' ? noop : (lease.tryAcquire(mode === true) ?? (await lease.acquire(mode === true, signal)));
    // The suite's stretches asked for or running: its shared lease is given back while there is one.
    let stretches = 0;
    try {
      if (signal.aborted) return;
      events.emit('suite-running', { kind: entry.kind, name: entry.name });
      announcer.started(index);
      const s0 = performance.now();
      let report: SuiteReport;
      try {
        report = await runSuite(
          entry,
          {
            rootDir: config.rootDir,
            reportsDir,
            seed,
            seedOverride: options.seedOverride,
            ci,
            signal,
            flags: {},
            missingBaseline: config.missingBaseline,
            allowOutsidePaths: config.allowOutsidePaths,
            resolvePath: (path, field) =>
              resolveInside(config.rootDir, path, {
                allowOutside: config.allowOutsidePaths,
                location: { file: path, field },
              }),
            progress: (e) => announcer.progress(index, { suite: entry.name, ...e }),
            quiet: async (fn) => {
              if (mode === 'serial' || mode === true) return fn();
              // The shared lease goes back for the stretch (holding it would deadlock) and is taken again
              // after the suite's last stretch; concurrent stretches of one suite run one after another.
              if (stretches++ === 0) {
                release?.();
                release = undefined;
              }
              try {
                const exclusive = await take(true);
                try {
                  return await fn();
                } finally {
                  exclusive();
                }
              } finally {
                if (--stretches === 0) {
                  const shared = await take(false);
                  // A stretch that began meanwhile gave the lease up; a re-take that came second is not kept.
                  if (stretches === 0 && release === undefined) release = shared;
                  else shared();
                }
              }
            },
            ...(history ? { history: history.history } : {}),
            ...(options.shard && entry.definition.mergeShards
              ? {
                  shard: {
                    ...options.shard,
                    previous: previous?.suites.find((r) => r.kind === entry.kind && r.name === entry.name),
                  },
                }
              : {}),
          },
          options.flags ?? {},
          options.kindFlagNames ?? [],
        );
      } catch (e) {
        report = failedSuite(entry, e, performance.now() - s0);
      }
      // A suite that returns after the stop was cut short, whatever it reports.
      if (signal.aborted) cutShortAt.push(index);
      finished[index] = report;
      events.emit('suite-done', report);
      announcer.ended(index, report);
    } finally {
      release?.();
    }
  };
  const runLane = async (indices: number[], mode: (i: number) => MeasuresTime | 'serial') => {
    for (const i of indices) {
      if (signal.aborted) break;
      await runOne(i, mode(i));
    }
  };
  try {
    const all = suites.map((_, i) => i);
    if (serial) await runLane(all, () => 'serial');
    else {
      const timings = suites.map(suiteMeasuresTime);
      const timing = (i: number) => timings[i]!;
      // Two lanes, each in config order: suites that measure time (whole or in stretches) one after
      // another, as a serial run has them, and beside them the untimed suites, also one at a time.
      await Promise.all([
        runLane(
          all.filter((i) => timing(i) !== false),
          timing,
        ),
        runLane(
          all.filter((i) => timing(i) === false),
          timing,
        ),
      ]);
    }
  } finally {
    history?.close();
    announcer.close();
  }
  const results = finished.filter((r): r is SuiteReport => r !== undefined);
  const cutShort: SuiteRef[] = cutShortAt
    .sort((a, b) => a - b)
    .map((i) => ({ kind: suites[i]!.kind, name: suites[i]!.name }));
  const stopped = signal.aborted && (cutShort.length > 0 || results.length < suites.length);
  const report = buildRunReport({
    rootDir: config.rootDir,
    failOn: config.failOn,
    runTimeoutMs: config.runTimeoutMs,
    seed,
    ci,
    shard: options.shard ? { ...options.shard, suites: selected.map((s) => `${s.kind}/${s.name}`) } : undefined,
    startedAt: started,
    durationMs: performance.now() - t0,
    planned: suites.map(({ kind, name }) => ({ kind, name })),
    results,
    ...(stopped ? { stop: { reason: options.signal?.aborted ? 'interrupted' : 'deadline', cutShort } } : {}),
  });
  events.emit('run-end', report);
  return report;
}

/**
 * Run one suite with the flags its kind declares (a flag of the wrong type is a usage error, named as the
 * user gave it: `--flag verbose` for one given with `gauntlet run --flag`, `--repetitions` for a command's own option).
 */
function runSuite(
  suite: ResolvedSuite,
  ctx: SuiteContext<unknown>,
  rawFlags: Record<string, unknown>,
  kindFlagNames: readonly string[],
): Promise<SuiteReport> {
  const flags = suite.definition.flagsSchema.safeParse(rawFlags);
  if (!flags.success) {
    const issue = flags.error.issues[0]!;
    const name = issue.path.join('.');
    const given = kindFlagNames.includes(String(issue.path[0])) ? `--flag ${name}` : `--${name}`;
    throw new UsageError(`${given}: ${issue.message}`);
  }
  return suite.definition.run(suite.entry, { ...ctx, flags: flags.data });
}

/** A suite whose runner threw: an input error keeps its file and field; anything else is an error verdict. */
function failedSuite(entry: { kind: string; name: string }, e: unknown, durationMs: number): SuiteReport {
  if (isGauntletError(e) && e.exitCode === 2) {
    return {
      kind: entry.kind,
      name: entry.name,
      verdict: 'error',
      durationMs,
      summary: e.describe(),
      checks: [],
      inputError: { code: e.code, message: e.message, ...e.location },
    };
  }
  const message = e instanceof Error ? e.message : String(e);
  return {
    kind: entry.kind,
    name: entry.name,
    verdict: 'error',
    durationMs,
    summary: `suite crashed: ${message}`,
    checks: [{ name: 'suite', verdict: 'error', reasons: [message] }],
  };
}

const noop = () => {};
