import { welfordEmpty, welfordPush, type WelfordState } from './descriptive.ts';

/**
 * Mixture sequential probability ratio test for the difference of two means, theta = mean(B) - mean(A)
 * (Johari, Pekelis & Walsh 2017, "Always valid inference", normal mixture N(theta0, tau^2)). With
 * V = s_A^2/n_A + s_B^2/n_B the variance of the observed difference d, the mixture likelihood ratio is
 *   Lambda = sqrt(V / (V + tau^2)) * exp(tau^2 (d - theta0)^2 / (2 V (V + tau^2))),
 * the always-valid p-value is the running minimum of min(1, 1/Lambda), and the confidence sequence is
 *   d +/- sqrt(V (V + tau^2) / tau^2 * (2 ln(1/alpha) + ln((V + tau^2) / V))),
 * intersected with the previous looks' intervals. Variances are plug-in sample variances unless `sigma2`
 * (known common variance) is given; with balanced arms this is the paper's two-stream statistic.
 */
export interface MsprtOptions {
  /** Mixing variance tau^2 of the effect prior, in the metric's squared units. */
  tau2: number;
  /** Level of the test and of the confidence sequence, default 0.05. */
  alpha?: number;
  /** Null difference theta0, default 0. */
  theta0?: number;
  /** Known per-observation variance (both arms); if absent, sample variances are plugged in. */
  sigma2?: number;
  /** Observations per arm before the test can reject (plug-in variance warm-up), default 2. */
  minPerArm?: number;
}

export interface MsprtState {
  readonly options: Required<Omit<MsprtOptions, 'sigma2'>> & { sigma2?: number };
  readonly a: WelfordState;
  readonly b: WelfordState;
  readonly looks: number;
  /** Always-valid p-value after the last look (1 until enough data). */
  readonly pValue: number;
  /** Always-valid confidence sequence for theta = mean(B) - mean(A) (infinite until enough data). */
  readonly lower: number;
  readonly upper: number;
  /** pValue <= alpha: stop and reject H0 (theta = theta0). */
  readonly rejected: boolean;
  /** Current estimate mean(B) - mean(A) (0 before data). */
  readonly difference: number;
}

/** Initial mSPRT state. */
export function msprtInit(options: MsprtOptions): MsprtState {
  const opts = { alpha: 0.05, theta0: 0, minPerArm: 2, ...options };
  return {
    options: opts,
    a: welfordEmpty,
    b: welfordEmpty,
    looks: 0,
    pValue: 1,
    lower: -Infinity,
    upper: Infinity,
    rejected: false,
    difference: 0,
  };
}

/** One look: add this batch of each arm and return the new state (pure). */
export function msprtUpdate(state: MsprtState, batchA: readonly number[], batchB: readonly number[]): MsprtState {
  let a = state.a;
  let b = state.b;
  for (const x of batchA) if (Number.isFinite(x)) a = welfordPush(a, x);
  for (const x of batchB) if (Number.isFinite(x)) b = welfordPush(b, x);
  const { tau2, alpha, theta0, sigma2, minPerArm } = state.options;
  const looks = state.looks + 1;
  const difference = a.n > 0 && b.n > 0 ? b.mean - a.mean : 0;
  const base = { ...state, a, b, looks, difference };
  if (a.n < Math.max(2, minPerArm) || b.n < Math.max(2, minPerArm) || !(tau2 > 0)) return base;
  const varA = sigma2 ?? a.m2 / (a.n - 1);
  const varB = sigma2 ?? b.m2 / (b.n - 1);
  const v = varA / a.n + varB / b.n;
  if (!(v > 0)) return base;
  const logLambda = 0.5 * Math.log(v / (v + tau2)) + (tau2 * (difference - theta0) ** 2) / (2 * v * (v + tau2));
  const p = Math.min(state.pValue, Math.min(1, Math.exp(-logLambda)));
  const half = Math.sqrt(((v * (v + tau2)) / tau2) * (2 * Math.log(1 / alpha) + Math.log((v + tau2) / v)));
  const lower = Math.max(state.lower, difference - half);
  const upper = Math.min(state.upper, difference + half);
  return { ...base, pValue: p, lower, upper: Math.max(upper, lower), rejected: p <= alpha };
}

/** mSPRT over whole samples in one look (equivalent to msprtUpdate(msprtInit(options), a, b)). */
export function msprt(a: readonly number[], b: readonly number[], options: MsprtOptions): MsprtState {
  return msprtUpdate(msprtInit(options), a, b);
}
