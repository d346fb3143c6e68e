import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { defaultDetectorConfig } from '../../harness/drift/detector-config.ts';
import { scenarioSchema } from '../../harness/drift/scenario-schema.ts';
import { simulateScenario } from '../../harness/drift/simulate.ts';
import { select } from '../planner/index.ts';
import { Autopilot, boundedStep, DEFAULT_BOUNDS, referenceDriftSystem, type Limiter } from './index.ts';

// A drift strong enough to push the autopilot against its bounds within a 10-day run.
const scenario = scenarioSchema.parse({
  name: 'push',
  days: 10,
  stepMinutes: 5,
  base: { mean: 0.5, sd: 0.1 },
  seasonality: { daily: 1 },
  changes: [{ kind: 'shift', atDay: 7.5, meanShift: 3 }],
});
const detectors = {
  ...defaultDetectorConfig(),
  psi: { enabled: false, threshold: { k: 7, min: 0 } },
  jensenShannon: { enabled: false, threshold: { k: 7, min: 0 } },
};

describe('autopilot bounds, checked by the drift invariants', () => {
  it('the reference autopilot keeps every parameter in bounds with bounded steps, and its alerts are exact', async () => {
    const r = await simulateScenario({ scenario, seed: 3, detectors, system: referenceDriftSystem({ select }) });
    const inv = r.system!.invariants;
    expect(inv.violations).toEqual([]);
    expect(inv.ticks).toBe(240);
    // The autopilot does reach its bounds (the check is not vacuous), and the drift drags temperature up.
    const atBound = (name: keyof typeof DEFAULT_BOUNDS) =>
      r.system!.trace.filter(
        (t) => t.params[name] === DEFAULT_BOUNDS[name].min || t.params[name] === DEFAULT_BOUNDS[name].max,
      ).length;
    expect(atBound('temperature') + atBound('explorationShare') + atBound('noveltyBoost')).toBeGreaterThan(10);
    expect(Math.max(...r.system!.trace.map((t) => t.params.temperature!))).toBeGreaterThan(1);
    expect(inv.expectedAlerts.diversity_loss).toBeGreaterThan(0);
  });

  it('an autopilot with its bounds removed is caught', async () => {
    const unbounded: Limiter = (_bound, _current, wanted) => wanted;
    const r = await simulateScenario({
      scenario,
      seed: 3,
      detectors,
      system: referenceDriftSystem({ select, autopilot: { limiter: unbounded } }),
    });
    const inv = r.system!.invariants;
    expect(inv.counts['out-of-bounds']).toBeGreaterThan(0);
    expect(inv.counts['step-too-large']).toBeGreaterThan(0);
    expect(inv.violations.some((v) => v.subject === 'temperature')).toBe(true);
    // Here the planner then refuses the negative temperature: the crash is reported, not thrown.
    expect(inv.counts['system-error']).toBeLessThanOrEqual(1);
  });

  it('an autopilot that clamps values but ignores maxStep is caught too', async () => {
    const noStepLimit: Limiter = (b, _current, wanted) => Math.min(b.max, Math.max(b.min, wanted));
    const r = await simulateScenario({
      scenario,
      seed: 3,
      detectors,
      system: referenceDriftSystem({ select, autopilot: { limiter: noStepLimit } }),
    });
    expect(r.system!.invariants.counts['out-of-bounds']).toBe(0);
    expect(r.system!.invariants.counts['step-too-large']).toBeGreaterThan(0);
  });
});

describe('boundedStep', () => {
  it('never leaves [min, max] and never moves more than maxStep from an in-bounds value', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -5, max: 5, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ noNaN: false }),
        (min, frac, wanted) => {
          const b = { min, max: min + 2, maxStep: 0.1 };
          const current = min + 2 * frac;
          const next = boundedStep(b, current, wanted);
          return next >= b.min && next <= b.max && Math.abs(next - current) <= b.maxStep + 1e-12;
        },
      ),
    );
  });

  it('reports its prediction error after the first adjustment', () => {
    const a = new Autopilot();
    expect(a.adjust({ entropy: 0.5, novelty: 0.1 }).predictionError).toBeUndefined();
    const second = a.adjust({ entropy: 0.6, novelty: 0.1 });
    expect(second.predictionError).toBeGreaterThanOrEqual(0);
    expect(Number.isFinite(second.predictedEntropyChange)).toBe(true);
  });
});
