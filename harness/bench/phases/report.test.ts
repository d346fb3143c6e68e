import { describe, expect, it } from 'vitest';
import { noCountedNotes } from './counted-notes.ts';
import { PhaseTimes } from './phase-times.ts';
import { benchReport, calibrationFigures, reportSummary, runReport } from './report.ts';

const empty = { name: 'bench', dir: 'suites/bench', checks: [], notes: [], trend: [], repetitions: 6, threshold: 0.2 };

describe('bench report with no checks', () => {
  it('says -t matched nothing, not that the folder has no bench files', () => {
    const r = benchReport({ ...empty, filter: ['selct'], durationMs: 1 });
    expect(r.verdict).toBe('warn');
    expect(r.summary).toBe("no benchmark id contains 'selct' (-t) in suites/bench");
    expect(benchReport({ ...empty, durationMs: 1 }).summary).toBe('no bench files under suites/bench');
  });

  it('a detectable slowdown the data cannot bound is said so, not printed as an absurd percentage', () => {
    const check = (name: string, mde_pct: number) => ({
      name,
      verdict: 'pass' as const,
      reasons: [],
      metrics: { mde_pct },
    });
    const r = benchReport({ ...empty, checks: [check('a', 65.7), check('b', 1.3e12)], durationMs: 1 });
    expect(r.notes?.join('\n')).toContain('a (65.7%), b (over 1000%: too few or too noisy repetitions to bound it)');
  });

  it("weighs each benchmark's detectable slowdown against its own threshold, not the suite's", () => {
    const check = (name: string, mde_pct: number, threshold_pct?: number) => ({
      name,
      verdict: 'pass' as const,
      reasons: [],
      metrics: { mde_pct, ...(threshold_pct === undefined ? {} : { threshold_pct }) },
    });
    const r = benchReport({
      ...empty,
      checks: [check('wall, doubling allowed', 65.7, 100), check('wall, too noisy', 150, 100), check('suite', 30)],
      durationMs: 1,
    });
    expect(r.notes).toEqual([
      '1 benchmark(s) too noisy to catch a 20% slowdown here: suite (30.0%)',
      '1 benchmark(s) too noisy to catch a 100% slowdown here: wall, too noisy (150.0%)',
    ]);
  });
});

describe('bench report calibration column', () => {
  it("names the calibration figure by its clock's unit: an instruction count is never calibration_ms", () => {
    const reps = [
      { cal: 4830380, clock: 'instructions' },
      { cal: 4830390, clock: 'instructions' },
      { cal: 0.4, clock: 'cpu' },
    ];
    expect(calibrationFigures(reps)).toEqual({ ms: 0.4, instructions: 4830385 });
    const counted = benchReport({ ...empty, durationMs: 1, calibration: calibrationFigures(reps.slice(0, 2)) });
    expect(counted.metrics).toMatchObject({ calibration_instructions: 4830385 });
    expect(counted.metrics).not.toHaveProperty('calibration_ms');
    const timed = benchReport({ ...empty, durationMs: 1, calibration: calibrationFigures(reps.slice(2)) });
    expect(timed.metrics).toMatchObject({ calibration_ms: 0.4 });
    expect(timed.metrics).not.toHaveProperty('calibration_instructions');
  });
});

describe('the report of one run', () => {
  const entry = { name: 'bench', dir: 'suites/bench', threshold: 0.2 };
  const counted = { ...noCountedNotes(), fellBack: [{ reason: 'valgrind not found', ids: ['a'] }] };

  it("notes the plan's notes, then the persist phase's, where the time went, then the counted ones", () => {
    const plan = { notes: ['plan note'], repetitions: 6, filter: ['sel'] };
    const summary = reportSummary(entry, plan, ['persist note'], { counted, baseLabel: 'baseline' });
    expect(summary).toMatchObject({ filter: ['sel'], notes: ['plan note', 'persist note'], baseLabel: 'baseline' });
    expect(reportSummary(entry, { notes: [], repetitions: 6 }, [], { counted })).not.toHaveProperty('filter');
    const times = new PhaseTimes();
    times.add('first.timed', 1500, 4);
    const check = { name: 'a', verdict: 'pass' as const, reasons: [], location: { file: 'a.bench.ts' } };
    const r = runReport(summary, {
      checks: [check, { ...check, name: 'b' }],
      fileMs: new Map([['a.bench.ts', 10]]),
      times,
      persisted: { trend: [] },
      startedAt: performance.now(),
    });
    expect(r.notes).toEqual([
      'plan note',
      'persist note',
      'time by step (wall; counted and timed processes overlap): first.timed 1.5 s (4 processes)',
      'instruction clock unavailable (valgrind not found): 1 benchmark(s) timed on the CPU clock instead',
    ]);
    expect(r.metrics).toMatchObject({ phase_first_timed_ms: 1500, phase_first_timed_processes: 4 });
    expect(r.checks.map((c) => c.durationMs)).toEqual([5, 5]);
    expect(r.summary).toBe('2 benchmark(s), vs baseline, 6 repetitions');
  });
});
