import { describe, expect, it } from 'vitest';
import { checkInvariants, type TickRecord } from './invariants.ts';
import type { AlertRuleSpec } from './drift-system.ts';

const bounds = { t: { min: 0, max: 1, maxStep: 0.1 } };
const rules: AlertRuleSpec[] = [
  { name: 'low', severity: 'warning', metric: 'm', op: '<', threshold: 0.3, cooldownMs: 10 },
];
const tick = (atMs: number, t: number, m: number, fired: boolean): TickRecord => ({
  atMs,
  params: { t },
  metrics: { m },
  alerts: fired ? [{ rule: 'low', severity: 'warning', atMs, value: m }] : [],
});

describe('checkInvariants', () => {
  it('accepts a trace that stays in bounds and fires exactly outside cooldown', () => {
    const trace = [
      tick(0, 0.5, 0.5, false),
      tick(5, 0.6, 0.2, true),
      tick(10, 0.7, 0.2, false),
      tick(15, 0.7, 0.2, true),
      tick(20, 0.7, 0.9, false),
    ];
    const r = checkInvariants(trace, bounds, rules, { t: 0.45 });
    expect(r.violations).toEqual([]);
    expect(r.expectedAlerts).toEqual({ low: 2 });
  });

  it('finds a value out of bounds and a step larger than allowed (from the initial value too)', () => {
    const r = checkInvariants([tick(0, 0.3, 1, false), tick(1, 1.2, 1, false)], bounds, rules, { t: 0.5 });
    expect(r.counts['step-too-large']).toBe(2);
    expect(r.counts['out-of-bounds']).toBe(1);
    expect(r.violations.find((v) => v.kind === 'out-of-bounds')!.message).toContain('outside [0, 1]');
  });

  it('finds a missing alert, an alert inside its cooldown, and an alert whose rule did not hold', () => {
    const missing = checkInvariants([tick(0, 0.5, 0.1, false)], bounds, rules, { t: 0.5 });
    expect(missing.counts['alert-missing']).toBe(1);
    const cooldown = checkInvariants([tick(0, 0.5, 0.1, true), tick(5, 0.5, 0.1, true)], bounds, rules, { t: 0.5 });
    expect(cooldown.counts['alert-unexpected']).toBe(1);
    expect(cooldown.violations[0]!.message).toContain('cooldown');
    const spurious = checkInvariants([tick(0, 0.5, 0.9, true)], bounds, rules, { t: 0.5 });
    expect(spurious.counts['alert-unexpected']).toBe(1);
  });

  it('flags a parameter or metric that was not reported', () => {
    const r = checkInvariants([{ atMs: 0, params: {}, metrics: {}, alerts: [] }], bounds, rules, { t: 0.5 });
    expect(r.counts['missing-parameter']).toBe(1);
    expect(r.counts['metric-missing']).toBe(1);
  });
});
