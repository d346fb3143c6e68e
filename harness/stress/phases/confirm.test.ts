/** The confirm phase with scripted measurements: which re-measure runs, and what happens when it cannot. */
import { describe, expect, it } from 'vitest';
import { rounds, run, yard } from '../__fixtures__/yardstick-records.ts';
import { compareLatency } from '../latency-gate.ts';
import type { YardstickMeasurement } from '../yardstick/measure-yardstick.ts';
import { confirmScenario, confirmStoredFlag, type ConfirmInput } from './confirm.ts';
import type { ReferenceClient } from './latency-basis.ts';

const policy = { latencyTolerance: 2, alpha: 0.001 } as const;
const base = run(yard(1.5));
const record = run(yard(2.1));
const flagged = compareLatency('s', base, record, policy)[0]!;
const reference: ReferenceClient = {
  label: 'baseline commit 1a2b3c4d5e',
  factory: async () => never(),
  clientOptions: {},
};
function never(): never {
  throw new Error('not built in these tests');
}

/** Head rounds at ratio `head`; with `ref`, the reference client's rounds too. */
const measured = (head: number, ref?: number): YardstickMeasurement => ({
  logRatios: rounds(head),
  headMs: Array(10).fill(head),
  yardstickMs: Array(10).fill(1),
  ...(ref !== undefined ? { reference: { logRatios: rounds(ref), headMs: Array(10).fill(ref) } } : {}),
});

function input(o: Partial<ConfirmInput> & { calls?: Array<ReferenceClient | undefined> } = {}): ConfirmInput {
  const calls = o.calls ?? [];
  return {
    scenario: 's',
    checks: [flagged],
    base,
    record,
    policy,
    enabled: true,
    aborted: () => false,
    baselineClient: async () => reference,
    measure: async (r) => {
      calls.push(r);
      return measured(2.1, 2.08);
    },
    saveCommand: 'gauntlet stress mini --save',
    ...o,
  };
}

/** The input whose re-measures return `script` in order, each call's reference client recorded in `calls`. */
const inSequence = (calls: Array<ReferenceClient | undefined>, ...script: YardstickMeasurement[]) =>
  input({ calls, measure: async (r) => (calls.push(r), script.shift()!) });

describe('confirmStoredFlag', () => {
  it('measures the baseline commit beside the head and judges the same-run comparison', async () => {
    const calls: Array<ReferenceClient | undefined> = [];
    const c = await confirmStoredFlag(input({ calls }));
    expect(calls).toEqual([reference]);
    expect(c).toMatchObject({ kind: 'same-run', label: reference.label, check: { verdict: 'pass' } });
  });

  it('fails only when a second same-round re-measure finds the slowdown too (the smaller shift kept)', async () => {
    const calls: Array<ReferenceClient | undefined> = [];
    const c = await confirmStoredFlag(inSequence(calls, measured(3, 1.5), measured(2.6, 1.5)));
    expect(calls).toEqual([reference, reference]);
    expect(c).toMatchObject({ kind: 'same-run', check: { verdict: 'fail' } });
    const first = c?.kind === 'same-run' ? c.firstFailed?.shiftPct : undefined;
    const kept = c?.kind === 'same-run' ? c.check.metrics?.shift_pct : undefined;
    expect(first).toBeGreaterThan(kept!);
    expect(kept).toBeGreaterThan(15);
  });

  it('does not fail when only the first same-round re-measure finds a slowdown', async () => {
    const calls: Array<ReferenceClient | undefined> = [];
    const c = await confirmStoredFlag(inSequence(calls, measured(3, 1.5), measured(2.1, 2.08)));
    expect(calls).toEqual([reference, reference]);
    expect(c).toMatchObject({ kind: 'same-run', check: { verdict: 'pass' } });
    expect(c?.kind === 'same-run' && c.firstFailed?.shiftPct).toBeGreaterThan(15);
  });

  it('runs no second re-measure when the first finds no slowdown', async () => {
    const calls: Array<ReferenceClient | undefined> = [];
    const c = await confirmStoredFlag(input({ calls }));
    expect(calls).toEqual([reference]);
    expect(c?.kind === 'same-run' && c.firstFailed).toBeUndefined();
  });

  it('re-runs the head alone against the stored ratios when the commit cannot be measured', async () => {
    const calls: Array<ReferenceClient | undefined> = [];
    const c = await confirmStoredFlag(
      input({
        calls,
        baselineClient: async () => ({ unmeasured: 'its commit is not in this repository' }),
        measure: async (r) => (calls.push(r), measured(2.1)),
      }),
    );
    expect(calls).toEqual([undefined]);
    expect(c).toMatchObject({
      kind: 'head-again',
      unmeasured: 'its commit is not in this repository',
      check: { verdict: 'fail' },
    });
  });

  it("falls back to the head alone when the baseline commit's rounds throw, and says why", async () => {
    const calls: Array<ReferenceClient | undefined> = [];
    const c = await confirmStoredFlag(
      input({
        calls,
        measure: async (r) => {
          calls.push(r);
          if (r) throw new Error('latency gate: only 3 of 24 calls of a reference round succeeded');
          return measured(1.52);
        },
      }),
    );
    expect(calls).toEqual([reference, undefined]);
    expect(c).toMatchObject({ kind: 'head-again', check: { verdict: 'pass' } });
    expect(c?.kind === 'head-again' && c.unmeasured).toMatch(
      /^baseline commit 1a2b3c4d5e could not be measured here: .*only 3 of 24/,
    );
  });

  it('reports a re-measure that throws for the head too as failed (the flag stands), not as a crash', async () => {
    const c = await confirmStoredFlag(
      input({
        measure: async () => {
          throw new Error('latency gate: only 2 of 24 calls of a head round succeeded');
        },
      }),
    );
    expect(c).toMatchObject({ kind: 'failed', error: expect.stringMatching(/only 2 of 24 calls/) });
  });

  it('does nothing when off or already cut short, and drops a re-measure cut short', async () => {
    const calls: Array<ReferenceClient | undefined> = [];
    expect(await confirmStoredFlag(input({ calls, enabled: false }))).toBeUndefined();
    expect(await confirmStoredFlag(input({ calls, aborted: () => true }))).toBeUndefined();
    expect(calls).toEqual([]);
    let aborted = false;
    const late = input({
      aborted: () => aborted,
      measure: async () => ((aborted = true), measured(2.1, 2.08)),
    });
    expect(await confirmStoredFlag(late)).toBeUndefined();
  });
});

describe('confirmScenario', () => {
  it('replaces only the flagged check; measures nothing when nothing is flagged', async () => {
    const other = { name: 's/baseline:failures:timeout', verdict: 'pass' as const, reasons: [] };
    const kept = await confirmScenario(input({ checks: [other, flagged] }));
    expect(kept[0]).toBe(other);
    expect(kept[1]).toMatchObject({ name: flagged.name, verdict: 'warn', details: { confirmed: false } });
    const calls: Array<ReferenceClient | undefined> = [];
    const passed = compareLatency('s', base, base, policy)[0]!;
    expect(await confirmScenario(input({ calls, checks: [passed] }))).toEqual([passed]);
    expect(calls).toEqual([]);
  });
});
