import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../core/report.ts';
import { confirmedLatencyCheck, flaggedAgainstStored, type LatencyConfirmation } from './latency-confirmation.ts';
import { compareLatency, type LatencyBasis } from './latency-gate.ts';
import type { ScenarioBaseline } from './stress-baseline.ts';

/** Ten rounds whose log ratios spread evenly around log(centre). */
const rounds = (centre: number): number[] => Array.from({ length: 10 }, (_, i) => Math.log(centre) + (i - 4.5) * 0.004);
const run = (centre: number): ScenarioBaseline => ({
  calls: 100,
  e2eSample: [],
  ttftSample: [],
  metrics: {},
  failures: {},
  yardstick: {
    rounds: 10,
    callsPerRound: 24,
    concurrency: 1,
    logRatios: rounds(centre),
    headMs: Array(10).fill(centre),
    yardstickMs: Array(10).fill(1),
  },
});
const policy = { latencyTolerance: 2, alpha: 0.001 } as const;
const SAVE = 'gauntlet stress mini --save';

/** The stored-ratio check of a run whose ratio is `now` against a baseline stored at `stored`. */
const storedCheck = (stored: number, now: number): CheckResult =>
  compareLatency('s', run(stored), run(now), policy)[0]!;

/** The head at `head` against the baseline commit measured at `reference` in the same rounds. */
function sameRun(reference: number, head: number): LatencyConfirmation {
  const basis: LatencyBasis = {
    kind: 'same-run',
    label: 'baseline commit 1a2b3c4d5e',
    why: 'confirming',
    logRatios: rounds(reference),
    headMs: Array(10).fill(reference),
  };
  const check = compareLatency('s', run(1.5), run(head), policy, basis)[0]!;
  return { kind: 'same-run', label: 'baseline commit 1a2b3c4d5e', check, durationMs: 2500 };
}

describe('flaggedAgainstStored (which checks a confirmation re-measures)', () => {
  it('takes a yardstick regression against the stored ratios, nothing else', () => {
    expect(flaggedAgainstStored(storedCheck(1.5, 2.1))).toBe(true);
    expect(flaggedAgainstStored(storedCheck(1.5, 1.5))).toBe(false); // passed
    expect(flaggedAgainstStored(sameRun(1.5, 2.1).check)).toBe(false); // already like with like (--against, another machine)
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

describe('confirmedLatencyCheck', () => {
  it('warns when the baseline commit, measured now, moved with the head: the host changed, not the client', () => {
    const flagged = storedCheck(1.5, 2.1); // +40% against the stored ratios
    const kept = confirmedLatencyCheck(flagged, sameRun(2.08, 2.1), SAVE);
    expect(kept.verdict).toBe('warn');
    expect(kept.change).toBe('unchanged');
    expect(kept.reasons).toHaveLength(1);
    expect(kept.reasons[0]).toMatch(
      /^not confirmed: the stored ratios flagged \+40\.0% \(CI \+\d+\.\d% to \+\d+\.\d%, p = /,
    );
    expect(kept.reasons[0]).toMatch(
      /against baseline commit 1a2b3c4d5e measured now in the same rounds shows \+1\.0% /,
    );
    expect(kept.reasons[0]).toMatch(/\); its ratio to the yardstick x2\.08\d now against x1\.50\d stored: /);
    expect(kept.reasons[0]).toMatch(/the host changed since the baseline was saved.*gauntlet stress mini --save/);
    expect(kept.details).toMatchObject({ gate: 'yardstick', confirmed: false, confirmation: { kind: 'same-run' } });
    expect(kept.metrics).toMatchObject({ shift_pct: expect.closeTo(40, 1), confirm_ms: 2500 });
    expect(kept.metrics!.confirm_shift_pct).toBeCloseTo(1, 0);
    expect(kept.metrics!.confirm_reference_ratio).toBeCloseTo(2.08, 2);
  });

  it('fails when the head is slower than the baseline commit measured in the same rounds, with both figures', () => {
    const flagged = storedCheck(1.5, 2.1);
    const kept = confirmedLatencyCheck(flagged, sameRun(1.52, 2.1), SAVE);
    expect(kept.verdict).toBe('fail');
    expect(kept.change).toBe('regressed');
    expect(kept.reasons[0]).toMatch(/^confirmed: the stored ratios flagged \+40\.0% .* shows \+38\.2% /);
    expect(kept.reasons[1]).toBe(flagged.reasons[0]); // the stored comparison's full summary stays
    expect(kept.details).toMatchObject({ confirmed: true });
  });

  it('warns when the same-run shift is within the tolerance even if it is significant', () => {
    const kept = confirmedLatencyCheck(storedCheck(1.5, 2.1), sameRun(1.9, 2.1), SAVE); // +10.5%, allowed +15%
    expect(kept.verdict).toBe('warn');
  });

  it('without the commit: fails only when the head re-run against the stored ratios flags again, and says what it cannot tell', () => {
    const flagged = storedCheck(1.5, 2.1);
    const unmeasured = "the baseline's commit deadbeefde is not in this repository";
    const again = (now: number): LatencyConfirmation => ({
      kind: 'head-again',
      unmeasured,
      check: storedCheck(1.5, now),
      durationMs: 1800,
    });
    const both = confirmedLatencyCheck(flagged, again(2.0), SAVE);
    expect(both.verdict).toBe('fail');
    expect(both.reasons[0]).toMatch(
      /^confirmed by a re-run of the head's rounds against the stored ratios: .* the re-run \+33\.3%/,
    );
    expect(both.reasons[0]).toMatch(
      /not in this repository, so a host that changed .* cannot be told from a slower client/,
    );
    const once = confirmedLatencyCheck(flagged, again(1.55), SAVE);
    expect(once.verdict).toBe('warn');
    expect(once.reasons[0]).toMatch(
      /^not confirmed: .* a re-run of the head's rounds against them \+3\.3% .*treated as noise/,
    );
    expect(once.details).toMatchObject({ confirmed: false, confirmation: { kind: 'head-again', unmeasured } });
  });

  it('keeps the flag as it was without a confirmation (confirm: false, or the run was cut short)', () => {
    const flagged = storedCheck(1.5, 2.1);
    expect(confirmedLatencyCheck(flagged, undefined, SAVE)).toBe(flagged);
  });
});
