import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../core/report.ts';
import { run, yard } from './__fixtures__/yardstick-records.ts';
import {
  confirmedLatencyCheck,
  flaggedAgainstStored,
  HOST_SPEED_SPREAD,
  type LatencyConfirmation,
} from './latency-confirmation.ts';
import { compareLatency, type LatencyBasis } from './latency-gate.ts';

const policy = { latencyTolerance: 2, alpha: 0.001 } as const; // yardstick tolerance 0.15, alpha 0.01: the defaults
const SAVE = 'gauntlet stress mini --save';
const LABEL = 'baseline commit 1a2b3c4d5e';

/** The stored-ratio check of a run whose ratio is `now` against a baseline stored at `stored`. */
const storedCheck = (stored: number, now: number, yardstickMs = 1): CheckResult =>
  compareLatency('s', run(yard(stored)), run(yard(now, { yardstickMs })), policy)[0]!;

/** The head at `head` against the baseline commit measured at `reference` in the same `n` rounds (spread `step`). */
function sameRun(reference: number, head: number, n = 10, step = 0.004): LatencyConfirmation {
  const ref = yard(reference, { n, step });
  const basis: LatencyBasis = { kind: 'same-run', label: LABEL, why: 'confirming', ...ref };
  const check = compareLatency('s', run(yard(1.5)), run(yard(head, { n, step })), policy, basis)[0]!;
  return { kind: 'same-run', label: LABEL, check, durationMs: 2500 };
}

const UNMEASURED = "the baseline's commit deadbeefde is not in this repository";
/** The head's rounds again at `now` against the stored 1.5, the yardstick at `yardstickMs` (the baseline's: 1). */
const headAgain = (now: number, yardstickMs = 1): LatencyConfirmation => ({
  kind: 'head-again',
  unmeasured: UNMEASURED,
  check: storedCheck(1.5, now, yardstickMs),
  durationMs: 1800,
});

describe('flaggedAgainstStored (which checks a confirmation re-measures)', () => {
  it('takes a yardstick regression against the stored ratios, nothing else', () => {
    expect(flaggedAgainstStored(storedCheck(1.5, 2.1))).toBe(true);
    expect(flaggedAgainstStored(storedCheck(1.5, 1.5))).toBe(false); // passed
    const same = sameRun(1.5, 2.1);
    expect(same.kind === 'same-run' && flaggedAgainstStored(same.check)).toBe(false); // already like with like
    const contention: CheckResult = {
      name: 's/baseline:e2e-latency',
      verdict: 'fail',
      reasons: [],
      change: 'regressed',
      details: { gate: 'contention' },
    };
    expect(flaggedAgainstStored(contention)).toBe(false);
  });
});

describe('confirmedLatencyCheck, the baseline commit measured in the same rounds', () => {
  const flagged = storedCheck(1.5, 2.1); // +40% against the stored ratios

  it('warns "the host changed" when the baseline commit moved with the head and a slowdown is ruled out', () => {
    const kept = confirmedLatencyCheck(flagged, sameRun(2.08, 2.1), SAVE);
    expect(kept.verdict).toBe('warn');
    expect(kept.change).toBe('unchanged');
    expect(kept.reasons).toHaveLength(1);
    expect(kept.reasons[0]).toMatch(
      /^not confirmed: the stored ratios flagged \+40\.0% \(CI \+\d+\.\d% to \+\d+\.\d%, p = /,
    );
    expect(kept.reasons[0]).toMatch(new RegExp(`against ${LABEL} measured now in the same rounds shows \\+1\\.0% `));
    expect(kept.reasons[0]).toMatch(/\); its ratio to the yardstick x2\.08\d now against x1\.50\d stored: /);
    expect(kept.reasons[0]).toMatch(/the host changed since the baseline was saved.*gauntlet stress mini --save/);
    expect(kept.details).toMatchObject({ gate: 'yardstick', confirmed: false, confirmation: { kind: 'same-run' } });
    expect(kept.metrics).toMatchObject({ shift_pct: expect.closeTo(40, 1), confirm_ms: 2500 });
    expect(kept.metrics!.confirm_shift_pct).toBeCloseTo(1, 0);
    expect(kept.metrics!.confirm_shift_upper_pct).toBeLessThan(15);
    expect(kept.metrics!.confirm_reference_ratio).toBeCloseTo(2.08, 2);
  });

  it('fails when the head is slower than the baseline commit in the same rounds, with both figures', () => {
    const kept = confirmedLatencyCheck(flagged, sameRun(1.52, 2.1), SAVE);
    expect(kept.verdict).toBe('fail');
    expect(kept.change).toBe('regressed');
    expect(kept.reasons[0]).toMatch(/^confirmed: the stored ratios flagged \+40\.0% .* shows \+38\.2% /);
    expect(kept.reasons[1]).toBe(flagged.reasons[0]); // the stored comparison's full summary stays
    expect(kept.details).toMatchObject({ confirmed: true });
  });

  it('is inconclusive, not "the host changed", when the same-run interval reaches past the tolerance', () => {
    // An estimate within the tolerance (+10.5%) from noisy rounds: its upper bound reaches past +15%.
    const near = confirmedLatencyCheck(flagged, sameRun(1.9, 2.1, 10, 0.06), SAVE);
    expect(near.metrics!.confirm_shift_upper_pct).toBeGreaterThan(15);
    expect(near.verdict).toBe('warn');
    expect(near.change).toBe('new');
    expect(near.reasons[0]).toMatch(
      /^inconclusive: .*neither confirmed nor ruled out by 10 rounds \(a slowdown up to \+\d+\.\d% is not ruled out\)/,
    );
    expect(near.reasons[0]).not.toMatch(/host changed/);
    // Four rounds a side: +60% cannot reach p < 0.01 (the smallest exact p is 1/70), and is not ruled out either.
    const few = confirmedLatencyCheck(flagged, sameRun(1.3, 2.08, 4), SAVE);
    expect(few.metrics!.confirm_shift_pct).toBeGreaterThan(50);
    expect(few.verdict).toBe('warn');
    expect(few.reasons[0]).toMatch(/^inconclusive: .*by 4 rounds/);
  });
});

describe('confirmedLatencyCheck, the head alone again (no baseline commit to measure)', () => {
  const flagged = storedCheck(1.5, 2.1);

  it('fails when the re-run flags again and the yardstick runs at the baseline speed', () => {
    const kept = confirmedLatencyCheck(flagged, headAgain(2.0), SAVE);
    expect(kept.verdict).toBe('fail');
    expect(kept.reasons[0]).toMatch(
      /^confirmed by a re-run of the head's rounds against the stored ratios: .* against them \+33\.3% .*yardstick at x1\.00 its time in the baseline/,
    );
    expect(kept.reasons[0]).toMatch(/deadbeefde is not in this repository$/);
  });

  it('warns when the yardstick itself runs at another speed than in the baseline: a changed host and a slower client look alike', () => {
    for (const speed of [HOST_SPEED_SPREAD * 1.1, 1 / (HOST_SPEED_SPREAD * 1.1)]) {
      const kept = confirmedLatencyCheck(flagged, headAgain(2.0, speed), SAVE);
      expect(kept.verdict).toBe('warn');
      expect(kept.reasons[0]).toMatch(
        /^host changed or client slower: .*the yardstick itself ran x\d\.\d\d its time.*fetch-depth: 0/,
      );
    }
    expect(confirmedLatencyCheck(flagged, headAgain(2.0, HOST_SPEED_SPREAD * 0.95), SAVE).verdict).toBe('fail');
  });

  it('warns when the re-run does not flag', () => {
    const once = confirmedLatencyCheck(flagged, headAgain(1.55), SAVE);
    expect(once.verdict).toBe('warn');
    expect(once.reasons[0]).toMatch(
      /^not confirmed: .* a re-run of the head's rounds against them \+3\.3% .*treated as noise/,
    );
    expect(once.details).toMatchObject({
      confirmed: false,
      confirmation: { kind: 'head-again', unmeasured: UNMEASURED },
    });
  });
});

describe('confirmedLatencyCheck without a confirmation', () => {
  const flagged = storedCheck(1.5, 2.1);
  it('keeps the flag as it was (confirm: false, or the run was cut short)', () => {
    expect(confirmedLatencyCheck(flagged, undefined, SAVE)).toBe(flagged);
  });
  it('keeps the flag, saying so, when the re-measure could not measure', () => {
    const kept = confirmedLatencyCheck(
      flagged,
      { kind: 'failed', error: 'only 3 of 24 calls succeeded', durationMs: 900 },
      SAVE,
    );
    expect(kept.verdict).toBe('fail');
    expect(kept.reasons[0]).toBe('the confirmation could not measure (only 3 of 24 calls succeeded): the flag stands');
    expect(kept.details).toMatchObject({ confirmation: { kind: 'failed' } });
  });
});
