import { describe, expect, it } from 'vitest';
import { RunEvents } from './run-events.ts';
import { runSuites } from './run-suites.ts';
import type { RunReport } from './report.ts';
import { drive, mixed, scriptedConfig, settle, type Timing } from './__fixtures__/scripted-kinds.ts';

/**
 * Replay the log: whenever a quiet stretch or a `timed` suite runs, no `untimed` suite may run and
 * nothing else may be in a quiet stretch or timed suite. Returns the pairs of suites seen running at once.
 */
function checkNoMeasurementShared(log: string[], timingOf: Map<string, Timing>): string[] {
  const running = new Set<string>();
  const quiet = new Set<string>();
  const overlaps = new Set<string>();
  for (const line of log) {
    const [what, name] = line.split(' ') as [string, string];
    if (what === 'start') running.add(name);
    if (what === 'end') running.delete(name);
    if (what === 'quiet-start') quiet.add(name);
    if (what === 'quiet-end') quiet.delete(name);
    const measuring = [...running].filter(
      (n) => ['timed', 'entry-timed'].includes(timingOf.get(n) ?? '') || quiet.has(n),
    );
    if (measuring.length && running.size > 1)
      throw new Error(`${measuring.join(',')} measured beside ${[...running].join(',')} at '${line}'`);
    if (running.size > 1) overlaps.add([...running].sort().join('+'));
  }
  return [...overlaps];
}

describe('runSuites with overlap', () => {
  it('runs an untimed suite while another suite is outside its quiet stretch', async () => {
    const { script, config } = scriptedConfig([
      ['stretchy', 'b'],
      ['untimed', 'd'],
    ]);
    const run = runSuites(config);
    await settle();
    expect(script.log).toEqual(['start b', 'start d']);
    script.open('b:body');
    await settle();
    // b asks for its quiet stretch: it waits for d, the untimed suite beside it, to finish.
    expect(script.log).toEqual(['start b', 'start d']);
    script.open('d:body');
    await settle();
    expect(script.log).toEqual(['start b', 'start d', 'end d', 'quiet-start b']);
    script.open('b:quiet');
    await settle();
    script.open('b:after');
    const r = await run;
    expect(r.suites.map((s) => s.name)).toEqual(['b', 'd']);
  });

  it('keeps new untimed suites from starting once a quiet stretch is asked for', async () => {
    const { script, config } = scriptedConfig([
      ['stretchy', 'b'],
      ['untimed', 'c'],
      ['untimed', 'd'],
    ]);
    const run = runSuites(config);
    await settle();
    script.open('b:body'); // b waits for c
    await settle();
    script.open('c:body'); // c ends: b's stretch goes first, d waits for it
    await settle();
    expect(script.log).toEqual(['start b', 'start c', 'end c', 'quiet-start b']);
    script.open('b:quiet');
    await settle();
    expect(script.log.slice(4)).toEqual(['quiet-end b', 'start d']);
    script.open('b:after');
    script.open('d:body');
    await run;
  });

  // The built-in kinds' order: golden and simulated canaries decide per entry (untimed), a live canary is timed.
  const perEntry: Array<[Timing, string]> = [
    ['entry-untimed', 'e'],
    ['stretchy', 'b'],
    ['timed', 's'],
    ['entry-untimed', 'f'],
    ['entry-timed', 't'],
    ['untimed', 'd'],
  ];
  for (const [order, pick] of [
    ['first gate first', (p: string[]) => p[0]!],
    ['last gate first', (p: string[]) => p.at(-1)!],
  ] as const) {
    for (const [what, suites] of [
      ['per kind', mixed],
      ['per entry', perEntry],
    ] as const) {
      it(`never runs other work beside a measurement, and overlaps untimed work (${what}, ${order})`, async () => {
        const { script, config } = scriptedConfig(suites);
        const r = await drive(script, runSuites(config), pick);
        const overlaps = checkNoMeasurementShared(script.log, new Map(suites.map(([t, n]) => [n, t])));
        expect(overlaps.length).toBeGreaterThan(0);
        expect(r.suites.map((s) => s.name)).toEqual(suites.map(([, n]) => n));
      });
    }
  }

  it('puts each suite of a kind that decides per entry in its own lane', async () => {
    const { script, config } = scriptedConfig([
      ['entry-timed', 't'],
      ['stretchy', 'b'],
      ['entry-untimed', 'u'],
    ]);
    const run = runSuites(config);
    await settle();
    // t measures time: it runs alone, and u (untimed, the other lane) waits for it.
    expect(script.log).toEqual(['start t']);
    script.open('t:body');
    await settle();
    expect(script.log.slice(0, 2)).toEqual(['start t', 'end t']);
    expect(script.log.slice(2).sort()).toEqual(['start b', 'start u']);
    await drive(script, run, (p) => p[0]!);
  });

  it('gives a suite its shared lease back once after concurrent quiet stretches, so a timed suite can still run', async () => {
    const { script, config } = scriptedConfig([
      ['stretchy', 's'],
      ['timed', 't'],
      ['untimed-two-stretches', 'u'],
    ]);
    const r = await drive(script, runSuites(config), (p) => p[0]!);
    expect(r.suites.map((x) => `${x.name} ${x.verdict}`)).toEqual(['s pass', 't pass', 'u pass']);
    // u's two stretches ran one after the other.
    const u = script.log.filter((l) => / u2?$/.test(l) && l.startsWith('quiet'));
    expect(u).toHaveLength(4);
    expect(u[1]!.startsWith('quiet-end')).toBe(true);
  });

  it("runs an untimed suite's quiet stretch only once a suite with stretches stops its untimed work", async () => {
    const { script, config } = scriptedConfig([
      ['stretchy', 'b'],
      ['untimed-confirming', 'u'],
    ]);
    const run = runSuites(config);
    await settle();
    expect(script.log).toEqual(['start b', 'start u']);
    script.open('u:body');
    await settle();
    // u asks for a stretch while b does untimed work: it waits.
    expect(script.log).toEqual(['start b', 'start u']);
    expect(script.pending()).toEqual(['b:body']);
    script.open('b:body');
    await settle();
    // b asked after u: u's stretch first, b's waits.
    expect(script.log.slice(2)).toEqual(['quiet-start u']);
    expect(script.pending()).toEqual(['u:quiet']);
    script.open('u:quiet');
    await settle();
    // u's untimed rest waits for b's stretch to end.
    expect(script.log.slice(3)).toEqual(['quiet-end u', 'quiet-start b']);
    expect(script.pending()).toEqual(['b:quiet']);
    script.open('b:quiet');
    await settle();
    expect(script.log.slice(5)).toEqual(['quiet-end b']);
    expect(script.pending().sort()).toEqual(['b:after', 'u:after']);
    await drive(script, run, (p) => p[0]!);
    expect(script.log.slice(6).sort()).toEqual(['end b', 'end u']);
  });

  it('runs every suite alone under serial, and the report and events are those of the overlapped run', async () => {
    const runWith = async (serial: boolean) => {
      const { script, config } = scriptedConfig(mixed);
      const events = new RunEvents();
      const seen: string[] = [];
      events.on('suite-start', (s) => seen.push(`start ${s.name}`));
      events.on('progress', (p) => seen.push(`progress ${p.suite}`));
      events.on('suite-end', (s) => seen.push(`end ${s.name}`));
      const r = await drive(script, runSuites(config, { serial, events }), (p) => p.at(-1)!);
      return { r, seen, log: script.log };
    };
    const serial = await runWith(true);
    expect(checkNoMeasurementShared(serial.log, new Map())).toEqual([]);
    const overlapped = await runWith(false);
    // The last untimed suite ended before earlier suites: the events still come in config order.
    expect(overlapped.log.indexOf('end d')).toBeLessThan(overlapped.log.indexOf('end s'));
    const strip = (r: RunReport) => ({
      ...r,
      durationMs: 0,
      startedAt: '',
      finishedAt: '',
      suites: r.suites.map((s) => ({ ...s, durationMs: 0 })),
    });
    expect(strip(overlapped.r)).toEqual(strip(serial.r));
    expect(overlapped.seen).toEqual(serial.seen);
    expect(serial.seen).toEqual(mixed.flatMap(([, n]) => [`start ${n}`, `progress ${n}`, `end ${n}`]));
  });

  it('config overlap: false runs serially', async () => {
    const { script, config } = scriptedConfig(
      [
        ['stretchy', 'b'],
        ['untimed', 'd'],
      ],
      { overlap: false },
    );
    const run = runSuites(config);
    await settle();
    expect(script.log).toEqual(['start b']);
    await drive(script, run, (p) => p[0]!);
  });

  it('reports a throwing suite in its place, and a stopped run with its cut-short and skipped suites', async () => {
    const { script, config } = scriptedConfig(mixed);
    script.failing.add('c');
    const r = await drive(script, runSuites(config), (p) => p.at(-1)!);
    expect(r.suites.map((s) => `${s.name} ${s.verdict}`)).toEqual(['g pass', 'b pass', 's pass', 'c error', 'd pass']);
    expect(r.suites[3]!.summary).toBe('suite crashed: c broke');

    const second = scriptedConfig(mixed);
    const stop = new AbortController();
    const run = runSuites(second.config, { signal: stop.signal });
    await settle();
    second.script.open('g:body');
    await settle();
    // b is outside its stretch and c runs beside it when the run is stopped.
    expect(second.script.log.slice(0, 2)).toEqual(['start g', 'end g']);
    expect(second.script.log.slice(2).sort()).toEqual(['start b', 'start c']);
    stop.abort('SIGINT');
    const cut = await run;
    expect(cut.partial).toEqual({
      reason: 'interrupted',
      cutShort: [
        { kind: 'stretchy', name: 'b' },
        { kind: 'untimed', name: 'c' },
      ],
      skipped: [
        { kind: 'timed', name: 's' },
        { kind: 'untimed', name: 'd' },
      ],
    });
    expect(cut.suites.map((s) => `${s.name} ${s.verdict}`)).toEqual(['g pass', 'b error', 'c error']);
  });
});
