import {
  boundedStep,
  DEFAULT_BOUNDS,
  validateBounds,
  type AutopilotParams,
  type Bound,
  type Limiter,
  type ParamName,
} from './bounds.ts';

export interface AutopilotOptions {
  bounds?: Record<ParamName, Bound>;
  initial?: AutopilotParams;
  /** Selection entropy (normalised, 0-1) the autopilot steers towards. */
  targetEntropy?: number;
  /** Novelty (temporal KL divergence) below which the novelty boost rises. */
  targetNovelty?: number;
  /**
   * How a wish becomes the next value. Default `boundedStep` (never leaves the bounds, never
   * steps more than maxStep). Replaceable only so tests can prove the invariant check catches an
   * autopilot without bounds.
   */
  limiter?: Limiter;
}

export interface Adjustment {
  params: AutopilotParams;
  /** Entropy change the autopilot expects from this adjustment. */
  predictedEntropyChange: number;
  /** |predicted - realised| entropy change of the previous adjustment; absent on the first. */
  predictionError?: number;
}

/**
 * Adjusts the planner's temperature, exploration share and novelty boost from the observed
 * selection entropy and novelty. A proportional controller with a learnt sensitivity: it predicts
 * the entropy change of each adjustment and records the error against what it then observes.
 */
export class Autopilot {
  readonly bounds: Record<ParamName, Bound>;
  readonly #limit: Limiter;
  readonly #targetEntropy: number;
  readonly #targetNovelty: number;
  #params: AutopilotParams;
  /** Entropy change per unit of "effort" (temperature + 5 x exploration), learnt online. */
  #sensitivity = 0.3;
  #last?: { entropy: number; effort: number; predicted: number };

  constructor(options: AutopilotOptions = {}) {
    this.bounds = options.bounds ?? { ...DEFAULT_BOUNDS };
    validateBounds(this.bounds);
    this.#limit = options.limiter ?? boundedStep;
    this.#targetEntropy = options.targetEntropy ?? 0.8;
    this.#targetNovelty = options.targetNovelty ?? 0.05;
    this.#params = options.initial ?? { temperature: 1, explorationShare: 0.1, noveltyBoost: 0.1 };
  }

  params(): AutopilotParams {
    return { ...this.#params };
  }

  /** One control step from the latest observations. */
  adjust(observed: { entropy: number; novelty: number }): Adjustment {
    let predictionError: number | undefined;
    const effortOf = (p: AutopilotParams) => p.temperature + 5 * p.explorationShare;
    if (this.#last && Number.isFinite(observed.entropy)) {
      const realised = observed.entropy - this.#last.entropy;
      predictionError = Math.abs(this.#last.predicted - realised);
      const dEffort = effortOf(this.#params) - this.#last.effort;
      // Learn the sensitivity only from clear moves, and keep it in a sane range.
      if (Math.abs(dEffort) > 0.02)
        this.#sensitivity = Math.min(2, Math.max(0.02, 0.9 * this.#sensitivity + 0.1 * (realised / dEffort)));
    }
    const error = Number.isFinite(observed.entropy) ? this.#targetEntropy - observed.entropy : 0;
    const p = this.#params;
    const b = this.bounds;
    const next: AutopilotParams = {
      temperature: this.#limit(b.temperature, p.temperature, p.temperature + (2 * error) / this.#sensitivity),
      explorationShare: this.#limit(b.explorationShare, p.explorationShare, p.explorationShare + 0.2 * error),
      noveltyBoost: this.#limit(
        b.noveltyBoost,
        p.noveltyBoost,
        observed.novelty < this.#targetNovelty ? p.noveltyBoost + 0.05 : p.noveltyBoost - 0.02,
      ),
    };
    const predicted = this.#sensitivity * (effortOf(next) - effortOf(p));
    this.#last = { entropy: observed.entropy, effort: effortOf(p), predicted };
    this.#params = next;
    return {
      params: { ...next },
      predictedEntropyChange: predicted,
      ...(predictionError !== undefined ? { predictionError } : {}),
    };
  }
}
