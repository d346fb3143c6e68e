/** Direction of the alternative hypothesis, named as in scipy: 'less' means the first sample is stochastically smaller. */
export type Alternative = 'two-sided' | 'less' | 'greater';

/** The defined answer of every test when the data cannot support it (empty, single value, all equal...). */
export interface NotEnoughData {
  ok: false;
  reason: string;
}

/** Common shape of every hypothesis test: `ok: true` with a finite statistic and a p-value in [0, 1], or NotEnoughData. */
export type TestOutcome<Extra extends object = object> =
  ({ ok: true; statistic: number; pValue: number } & Extra) | NotEnoughData;

export function notEnoughData(reason: string): NotEnoughData {
  return { ok: false, reason: `not enough data: ${reason}` };
}

/** Clamp a probability into [0, 1] (rounding can push sums a hair outside). */
export function clampProbability(p: number): number {
  if (!(p > 0)) return 0;
  return p > 1 ? 1 : p;
}

export function allFinite(xs: ArrayLike<number>): boolean {
  for (let i = 0; i < xs.length; i++) if (!Number.isFinite(xs[i])) return false;
  return true;
}
