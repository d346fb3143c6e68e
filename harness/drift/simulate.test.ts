import { describe, expect, it } from 'vitest';
import { defaultDetectorConfig } from './detector-config.ts';
import type { DriftSystem, DriftSystemFactory } from './drift-system.ts';
import { HOUR_MS } from './generate-stream.ts';
import { scenarioSchema } from './scenario-schema.ts';
import { simulateScenario } from './simulate.ts';
import { fitSeasonalProfile } from './seasonal-profile.ts';
import { renderDriftChart } from './chart-svg.ts';

const detectors = defaultDetectorConfig();

describe('simulateScenario', () => {
  it('detects a 1 sd shift quickly with every mean detector, and is deterministic', async () => {
    const scenario = scenarioSchema.parse({
      name: 'shift',
      days: 10,
      seasonality: { daily: 1, weekly: 0.5 },
      changes: [{ kind: 'shift', atDay: 8.25, meanShift: 1 }],
      expect: { detectWithinHours: 6 },
    });
    const a = await simulateScenario({ scenario, seed: 5, detectors });
    expect(a.defaultSet.episodes[0]!.detected).toBe(true);
    expect(a.defaultSet.falseAlarms).toBe(0);
    for (const id of ['ks', 'wasserstein', 'psi', 'cusum']) {
      const s = a.scores.find((x) => x.detector === id)!;
      expect(s.episodes[0]!.delayMs, id).toBeLessThanOrEqual(6 * HOUR_MS);
    }
    const b = await simulateScenario({ scenario, seed: 5, detectors });
    expect(b.detectors.map((d) => d.alarms)).toEqual(a.detectors.map((d) => d.alarms));
    expect(b.detectors.map((d) => d.threshold)).toEqual(a.detectors.map((d) => d.threshold));
  });

  it('stays silent on daily and weekly cycles it saw in the reference week', async () => {
    const scenario = scenarioSchema.parse({ name: 'seasonal', days: 12, seasonality: { daily: 1.5, weekly: 1 } });
    const r = await simulateScenario({ scenario, seed: 2, detectors });
    expect(r.defaultSet.falseAlarms).toBe(0);
    // Without deseasonalising, the same cycles alarm at once: the profile is what keeps them quiet.
    const raw = await simulateScenario({ scenario, seed: 2, detectors: { ...detectors, deseasonalise: false } });
    expect(raw.defaultSet.falseAlarms).toBeGreaterThan(0);
  });

  it('steps the system on the virtual clock: observe every step, tick every hour at the right time', async () => {
    const scenario = scenarioSchema.parse({ name: 'c', days: 8, stepMinutes: 5 });
    const seen: number[] = [];
    let observed = 0;
    const factory: DriftSystemFactory = ({ clock }) =>
      ({
        bounds: { p: { min: 0, max: 1, maxStep: 1 } },
        alertRules: [],
        initialParams: () => ({ p: 0.5 }),
        observe: () => void observed++,
        tick: () => {
          seen.push(clock.now());
          return { params: { p: 0.5 }, metrics: {}, alerts: [] };
        },
      }) satisfies DriftSystem;
    const r = await simulateScenario({ scenario, seed: 1, detectors, system: factory });
    expect(observed).toBe(8 * 24 * 12);
    expect(seen.length).toBe(8 * 24);
    expect(seen.slice(0, 2)).toEqual([HOUR_MS, 2 * HOUR_MS]);
    expect(r.system!.invariants.violations).toEqual([]);
    expect(renderDriftChart(r)).toMatch(/^<svg[\s\S]*autopilot p[\s\S]*<\/svg>$/);
  });
});

describe('fitSeasonalProfile', () => {
  it('removes a daily sine almost entirely', () => {
    const stepMs = 60_000;
    const n = 7 * 1440;
    const values = Array.from({ length: n }, (_, i) => 3 + 2 * Math.sin((2 * Math.PI * i) / 1440));
    const p = fitSeasonalProfile(values, n, stepMs);
    const maxResidual = Math.max(...values.map((x, i) => Math.abs(p.residual(i * stepMs, x) * p.sd)));
    // Linear interpolation between hour centres leaves at most amplitude * (2 pi / 24)^2 / 8 ~ 0.017.
    expect(maxResidual).toBeLessThan(0.04);
    expect(p.mean).toBeCloseTo(3, 6);
  });
});
