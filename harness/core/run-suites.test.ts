import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ResolvedConfig } from '../config/load-config.ts';
import { defineSuiteKind } from './suite-kind.ts';
import { InputError } from './errors.ts';
import { exitCodeFor } from './report.ts';
import { RunEvents } from './run-events.ts';
import { runSuites } from './run-suites.ts';
import { resolvedConfig } from './__fixtures__/resolved-config.ts';

const fakeEntry = z.strictObject({
  kind: z.literal('fake'),
  name: z.string(),
  outcome: z.enum(['pass', 'warn', 'fail', 'throw', 'input', 'hang']),
});
type Entry = z.output<typeof fakeEntry>;

const fake = defineSuiteKind({
  kind: 'fake',
  description: 'scripted outcomes',
  entrySchema: fakeEntry,
  async run(entry, ctx) {
    ctx.progress({ done: 1, total: 1 });
    if (entry.outcome === 'throw') throw new Error('boom');
    if (entry.outcome === 'input')
      throw new InputError('seed must be an integer', { file: 'suites/x.yaml', field: 'seed', line: 3 });
    if (entry.outcome === 'hang')
      await new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)));
    const verdict = entry.outcome as 'pass' | 'warn' | 'fail';
    return {
      kind: 'fake',
      name: entry.name,
      verdict,
      durationMs: 0,
      summary: verdict,
      checks: [{ name: 'c', verdict, reasons: [] }],
    };
  },
});

const config = (outcomes: Entry['outcome'][], extra: Partial<ResolvedConfig> = {}): ResolvedConfig =>
  resolvedConfig(
    outcomes.map((outcome, i) => ({
      kind: 'fake',
      name: `s${i}`,
      entry: { kind: 'fake' as const, name: `s${i}`, outcome },
      definition: fake,
    })),
    extra,
  );

describe('runSuites', () => {
  it('gives one verdict: warn passes with exit 0, any fail exits 1', async () => {
    const warn = await runSuites(config(['pass', 'warn']));
    expect([warn.verdict, exitCodeFor(warn)]).toEqual(['warn', 0]);
    const fail = await runSuites(config(['pass', 'fail', 'warn']));
    expect([fail.verdict, exitCodeFor(fail)]).toEqual(['fail', 1]);
    expect(fail.reasons).toEqual(['fake/s1: fail: fail', 'fake/s2: warn: warn']);
  });

  it('failOn: warn turns a warning into a failing run', async () => {
    const r = await runSuites(config(['warn'], { failOn: 'warn' }));
    expect(exitCodeFor(r)).toBe(1);
  });

  it('keeps going after a crashing suite and records an input error for exit code 2', async () => {
    const r = await runSuites(config(['throw', 'input', 'pass']));
    expect(r.suites.map((s) => s.verdict)).toEqual(['error', 'error', 'pass']);
    expect(r.suites[1]!.inputError).toMatchObject({ file: 'suites/x.yaml', field: 'seed', line: 3 });
    expect(exitCodeFor(r)).toBe(2);
  });

  it('ends a run at its deadline with a partial report', async () => {
    const r = await runSuites(config(['hang', 'pass'], { runTimeoutMs: 50 }));
    expect(r.partial).toEqual({
      reason: 'deadline',
      cutShort: [{ kind: 'fake', name: 's0' }],
      skipped: [{ kind: 'fake', name: 's1' }],
    });
    expect(r.suites).toHaveLength(1);
    expect(r.verdict).toBe('error');
    expect(r.reasons.at(-1)).toBe('run deadline of 50 ms passed: fake/s0 cut short; 1 suite(s) did not run (fake/s1)');
    expect(exitCodeFor(r)).toBe(3);
  });

  it('an interrupt ends the run as interrupted (exit code 130); a run whose suites all finished is not partial', async () => {
    const interrupt = new AbortController();
    const running = runSuites(config(['hang', 'pass']), { signal: interrupt.signal });
    interrupt.abort('SIGTERM');
    const r = await running;
    expect(r.partial).toEqual({
      reason: 'interrupted',
      cutShort: [{ kind: 'fake', name: 's0' }],
      skipped: [{ kind: 'fake', name: 's1' }],
    });
    expect(exitCodeFor(r)).toBe(130);
    const whole = await runSuites(config(['pass'], { runTimeoutMs: 60_000 }));
    expect(whole.partial).toBeUndefined();
  });

  it('emits progress events and uses the --seed override', async () => {
    const events = new RunEvents();
    const seen: string[] = [];
    events.on('suite-start', (s) => seen.push(`start ${s.name}`));
    events.on('progress', (p) => seen.push(`progress ${p.suite} ${p.done}/${p.total}`));
    events.on('run-end', (r) => seen.push(`end ${r.verdict}`));
    const r = await runSuites(config(['pass']), { events, seedOverride: 99 });
    expect(r.seed).toBe(99);
    expect(seen).toEqual(['start s0', 'progress s0 1/1', 'end pass']);
  });
});
