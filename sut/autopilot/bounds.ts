/** Hard limits on one parameter: stays in [min, max]; one adjustment moves it by at most maxStep. */
export interface Bound {
  min: number;
  max: number;
  maxStep: number;
}

export type AutopilotParams = { temperature: number; explorationShare: number; noveltyBoost: number };
export type ParamName = keyof AutopilotParams;

export const DEFAULT_BOUNDS: Readonly<Record<ParamName, Bound>> = {
  temperature: { min: 0.3, max: 2.0, maxStep: 0.1 },
  explorationShare: { min: 0.05, max: 0.3, maxStep: 0.02 },
  noveltyBoost: { min: 0, max: 0.5, maxStep: 0.05 },
};

/** Decides the next value from the current one and the wanted one. */
export type Limiter = (bound: Bound, current: number, wanted: number) => number;

/** The safe limiter: clamp the step to maxStep, then the value to [min, max]. A NaN wish keeps the current value. */
export const boundedStep: Limiter = (b, current, wanted) => {
  if (!Number.isFinite(wanted)) return Math.min(b.max, Math.max(b.min, current));
  const step = Math.max(-b.maxStep, Math.min(b.maxStep, wanted - current));
  return Math.min(b.max, Math.max(b.min, current + step));
};

export function validateBounds(bounds: Record<string, Bound>): void {
  for (const [name, b] of Object.entries(bounds)) {
    if (!(b.min <= b.max) || !(b.maxStep > 0))
      throw new Error(`bound ${name}: need min <= max and maxStep > 0, got ${JSON.stringify(b)}`);
  }
}
