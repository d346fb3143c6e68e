import cliProgress from 'cli-progress';
import type { RunEvents } from '../core/run-events.ts';
import type { ReporterContext } from './reporter.ts';
import { terminalSafe } from './text-table.ts';
import { formatDuration } from './format.ts';

export type ProgressMode = 'bars' | 'lines' | 'quiet';

/** Bars on an interactive terminal, one line per finished suite when piped, nothing in CI. */
export function progressMode(ctx: Pick<ReporterContext, 'ci' | 'isTTY'>): ProgressMode {
  if (ctx.ci) return 'quiet';
  return ctx.isTTY ? 'bars' : 'lines';
}

/**
 * Listen to run events and show progress: a live task list of suites, with a bar for the suite
 * that reports progress (stress calls, drift days, bench tasks).
 */
export function attachProgress(events: RunEvents, ctx: ReporterContext, mode = progressMode(ctx)): void {
  if (mode === 'quiet') return;
  if (mode === 'lines') {
    events.on('suite-end', (s) =>
      ctx.out.write(
        `${s.verdict.toUpperCase().padEnd(5)} ${terminalSafe(`${s.kind}/${s.name}`)}  ${formatDuration(s.durationMs)}\n`,
      ),
    );
    return;
  }
  let multi: cliProgress.MultiBar | undefined;
  let bar: cliProgress.SingleBar | undefined;
  let total = 0;
  let finished = 0;
  events.on('run-start', ({ suites }) => {
    total = suites.length;
    multi = new cliProgress.MultiBar(
      {
        stream: ctx.out,
        format: ' {bar} {value}/{total} {suite} {label}',
        hideCursor: true,
        clearOnComplete: true,
        // Bars only in "bars" mode (ctx.isTTY); render even if the stream object does not say it is a TTY.
        noTTYOutput: true,
        notTTYSchedule: 100,
        etaBuffer: 20,
      },
      cliProgress.Presets.shades_classic,
    );
  });
  events.on('suite-start', (s) => {
    bar = multi?.create(1, 0, {
      suite: terminalSafe(`${s.kind}/${s.name}`),
      label: `(suite ${finished + 1}/${total})`,
    });
  });
  events.on('progress', (p) => {
    if (!bar) return;
    bar.setTotal(Math.max(1, p.total));
    bar.update(p.done, { label: terminalSafe(p.label ?? '') });
  });
  events.on('suite-end', (s) => {
    finished++;
    if (bar) {
      bar.stop();
      multi?.remove(bar);
      bar = undefined;
    }
    multi?.log(
      `${s.verdict.toUpperCase().padEnd(5)} ${terminalSafe(`${s.kind}/${s.name}`)}  ${formatDuration(s.durationMs)}\n`,
    );
    multi?.update(); // flush the line now: the list of finished suites is the live task list
  });
  events.on('run-end', () => {
    multi?.stop();
    multi = undefined;
  });
}
