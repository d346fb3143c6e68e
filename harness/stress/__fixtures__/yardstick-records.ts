/** Synthetic yardstick records for the latency gate's pure tests (no measurement). */
import type { ScenarioBaseline, YardstickRecord } from '../stress-baseline.ts';
import type { CpuMatch } from '../yardstick/matched-work.ts';

/** `n` rounds whose log ratios spread evenly (by `step`) around log(centre). */
export const rounds = (centre: number, n = 10, step = 0.004): number[] =>
  Array.from({ length: n }, (_, i) => Math.log(centre) + (i - (n - 1) / 2) * step);

/** A yardstick record of `n` rounds at ratio `centre`, the yardstick taking `yardstickMs` a call. */
export const yard = (
  centre: number,
  o: { cpuMatch?: CpuMatch; n?: number; step?: number; yardstickMs?: number } = {},
): YardstickRecord => {
  const n = o.n ?? 10;
  const y = o.yardstickMs ?? 1;
  return {
    rounds: n,
    callsPerRound: 24,
    concurrency: 1,
    logRatios: rounds(centre, n, o.step),
    headMs: Array(n).fill(centre * y),
    yardstickMs: Array(n).fill(y),
    ...(o.cpuMatch ? { cpuMatch: o.cpuMatch } : {}),
  };
};

/** A scenario record holding only a yardstick record. */
export const run = (y: YardstickRecord): ScenarioBaseline => ({
  calls: 100,
  e2eSample: [],
  ttftSample: [],
  metrics: {},
  failures: {},
  yardstick: y,
});
