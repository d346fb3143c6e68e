/**
 * When the run process is killed while suites overlap (an untimed suite beside another's untimed
 * work), the supervisor's partial report names every suite that was running, not only the one the
 * in-order events were showing, and keeps the report of a suite that ended but was held for its turn.
 * Driven by the scripted kinds (gates the test opens; no sleeps, no timing).
 */
import { describe, expect, it } from 'vitest';
import { RunEvents } from '../core/run-events.ts';
import { buildRunReport } from '../core/run-report.ts';
import { runSuites } from '../core/run-suites.ts';
import { mixed, scriptedConfig, settle } from '../core/__fixtures__/scripted-kinds.ts';
import { SuiteTracker } from './suite-tracker.ts';

describe('SuiteTracker', () => {
  it('a run stopped while suites overlap: every running suite is cut short, a held report is kept', async () => {
    const { script, config } = scriptedConfig(mixed);
    const events = new RunEvents();
    const tracker = new SuiteTracker(() => 0);
    const unfollow = tracker.follow(events);
    const stop = new AbortController();
    const run = runSuites(config, { events, signal: stop.signal });
    await settle();
    script.open('g:body');
    await settle();
    script.open('c:body');
    await settle();
    // b runs outside its quiet stretch (the suite shown); c ended beside it (held for its turn) and d runs.
    expect(script.log.slice(0, 2)).toEqual(['start g', 'end g']);
    expect(script.log.slice(2, 4).sort()).toEqual(['start b', 'start c']);
    expect(script.log.slice(4)).toEqual(['end c', 'start d']);

    // The run process is killed here: what the supervisor saw is all there is.
    const { results, cutShort } = tracker.stopped(
      mixed.map(([kind, name]) => ({ kind, name })),
      'killed',
    );
    expect(cutShort).toEqual([
      { kind: 'stretchy', name: 'b' },
      { kind: 'untimed', name: 'd' },
    ]);
    expect(results.map((r) => `${r.name} ${r.verdict} ${r.summary}`)).toEqual([
      'g pass g',
      'b error stopped: killed',
      'c pass c',
      'd error stopped: killed',
    ]);
    const report = buildRunReport({
      rootDir: '/tmp',
      failOn: 'fail',
      runTimeoutMs: 60_000,
      seed: 1,
      ci: false,
      startedAt: new Date(0),
      durationMs: 0,
      planned: mixed.map(([kind, name]) => ({ kind, name })),
      results,
      stop: { reason: 'interrupted', cutShort, detail: 'SIGINT' },
    });
    expect(report.reasons.at(-1)).toBe(
      'interrupted (SIGINT): stretchy/b, untimed/d cut short; 1 suite(s) did not run (timed/s)',
    );

    stop.abort('SIGINT');
    await run;
    unfollow();
  });
});
