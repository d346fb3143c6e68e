/**
 * Phase 3b, same round: a wall-clock benchmark's stored figures are only a screen. A round trip
 * waits on the event loop, the sockets and the scheduler, which a busy host slows far more than
 * the CPU-bound calibration workload the stored figures are divided by (2026-11-28, noisy host:
 * the calibration read 1.67x the stored figure while the round trips ran 4.1x slower on unchanged
 * code). So when the screen does not pass (a slowdown, or one it cannot rule out), the benchmark is
 * judged against the baseline's commit measured now, interleaved with the head, in place of the
 * stored figures; benchmarks whose stored figures are not comparable at all join that measurement.
 * Pure: judgements in, the benchmarks to measure now and the checks' extra lines out.
 */
import type { CheckResult } from '../../core/report.ts';
import { judge, type Judgement, type Pair } from './compare.ts';

/** A wall-clock benchmark whose stored figures did not pass the screen, and what the screen found. */
export interface Screened {
  id: string;
  /** The screen's ratio (head / stored, calibrated). */
  ratio: number;
  /** 'regressed': the stored figures show a slowdown; 'inconclusive': they cannot rule one out. */
  why: 'regressed' | 'inconclusive';
}

/** The wall-clock judgements against stored figures that do not pass: to be judged same-round instead. */
export function screenedOut(judgements: readonly Judgement[]): Screened[] {
  const out: Screened[] = [];
  for (const j of judgements) {
    if (j.clock !== 'time' || j.paired || j.m.reps[0]?.clock !== 'wall') continue;
    const d = j.evaluated.decision;
    const why =
      d.change === 'regressed' ? 'regressed' : d.upper <= 1 + j.threshold ? undefined : ('inconclusive' as const);
    if (why) out.push({ id: j.m.id, ratio: j.evaluated.estimate.ratio, why });
  }
  return out;
}

/**
 * Judge the wall-clock pairs against stored figures alone (their own Holm family and random stream,
 * so the gate's family and stream stay what they are) and return the ones the screen does not pass.
 */
export function screenWallClock(pairs: readonly Pair[], o: Parameters<typeof judge>[1]): Screened[] {
  const wall = pairs.filter((p) => !p.paired && p.m.reps[0]?.clock === 'wall');
  return wall.length ? screenedOut(judge(wall, o)) : [];
}

const pct = (x: number) => `${x >= 1 ? '+' : ''}${((x - 1) * 100).toFixed(1)}%`;

/** The line a same-round check carries about the screen it replaced. */
export function screenLine(s: Screened, label: string): string {
  const found = s.why === 'regressed' ? `flagged ${pct(s.ratio)}` : `could not rule out a slowdown (${pct(s.ratio)})`;
  return `the stored wall-clock figures (a screen) ${found}: judged against ${label} measured now, interleaved, instead`;
}

/** Add the screen's line to the checks of the screened benchmarks. */
export function withScreenLines(checks: CheckResult[], screened: readonly Screened[], label: string): CheckResult[] {
  const byId = new Map(screened.map((s) => [s.id, s]));
  return checks.map((c) => {
    const s = byId.get(c.name);
    return s
      ? { ...c, reasons: [...c.reasons, screenLine(s, label)], details: { ...(c.details as object), screen: s } }
      : c;
  });
}
