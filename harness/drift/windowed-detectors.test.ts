import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../core/rng.ts';
import { defaultDetectorConfig, WINDOWED_IDS } from './detector-config.ts';
import {
  calibrateThreshold,
  quantileSketch,
  runWindowedDetectors,
  windowComparator,
  windowedStatistic,
  type WindowedRun,
} from './windowed-detectors.ts';

// Few distinct values, so samples share values (ties across and within them), plus the odd non-finite one.
const value = fc.oneof(
  { weight: 8, arbitrary: fc.double({ min: -4, max: 4, noNaN: true }) },
  { weight: 4, arbitrary: fc.integer({ min: -3, max: 3 }).map((k) => k / 2) },
  { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Infinity) },
);

describe('windowComparator', () => {
  it('gives exactly the statistic windowedStatistic computes from scratch, for every detector and window', () => {
    fc.assert(
      fc.property(
        fc.array(value, { maxLength: 60 }),
        fc.array(fc.array(value, { maxLength: 30 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 2, max: 12 }),
        (reference, windows, bins) => {
          const compare = windowComparator(reference, bins, WINDOWED_IDS);
          for (const window of windows) {
            // A Float64Array view, as the simulation passes it; the one-shot functions take a plain array.
            const got = compare(Float64Array.from(window));
            const want = WINDOWED_IDS.map((id) => windowedStatistic(id, reference, window, bins));
            expect(got).toEqual(want);
            got.forEach((g, i) => expect(Object.is(g, want[i]), WINDOWED_IDS[i]).toBe(true));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

// Windows of 2 h every hour on 10-minute steps; Jensen-Shannon (at most 1) at a threshold a few windows can pass.
const config = {
  ...defaultDetectorConfig(),
  windowHours: 2,
  referenceQuantiles: 100,
  jensenShannon: { enabled: true, threshold: { k: 3, min: 0 } },
};

/** The loop runWindowedDetectors replaced: detector by detector, each window from scratch. */
function naiveWindowedRuns(residuals: Float64Array, calibration: Float64Array, referenceSteps: number): WindowedRun[] {
  const stepMs = 600_000;
  const windowSteps = 12;
  const everySteps = 6;
  const reference = quantileSketch(residuals.subarray(0, referenceSteps), config.referenceQuantiles);
  return WINDOWED_IDS.map((id) => {
    const refStats: number[] = [];
    for (let end = windowSteps; end <= referenceSteps; end += everySteps) {
      const v = windowedStatistic(id, reference, Array.from(calibration.subarray(end - windowSteps, end)), config.bins);
      if (v !== undefined) refStats.push(v);
    }
    const cal = calibrateThreshold(config[id].threshold, refStats);
    const run: WindowedRun = { id, calibration: cal, times: [], values: [], alarms: [] };
    let above = false;
    for (let end = referenceSteps + everySteps; end <= residuals.length; end += everySteps) {
      const v = windowedStatistic(id, reference, Array.from(residuals.subarray(end - windowSteps, end)), config.bins);
      if (v === undefined) continue;
      run.times.push(end * stepMs);
      run.values.push(v);
      if (v > cal.threshold && !above) run.alarms.push(end * stepMs);
      above = v > cal.threshold;
    }
    return run;
  });
}

describe('runWindowedDetectors', () => {
  it('calibrates, evaluates and alarms exactly as evaluating each detector on its own', () => {
    const rng = createRng(11);
    // 3 days of 10-minute steps: a 2-day reference, then a 3 sd shift half way through the third day.
    const residuals = Float64Array.from({ length: 432 }, (_, i) => rng.normal() + (i >= 360 ? 3 : 0));
    const calibration = Float64Array.from({ length: 288 }, () => rng.normal());
    const runs = runWindowedDetectors(residuals, calibration, 288, 600_000, config);
    expect(runs).toEqual(naiveWindowedRuns(residuals, calibration, 288));
    expect(runs.every((r) => r.alarms.length > 0)).toBe(true);
  });
});
