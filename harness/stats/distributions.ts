/**
 * Distribution functions. simple-statistics' cumulativeStdNormalProbability is a 2-decimal table and
 * its probit an approximation, so the normal, t, chi-square and binomial functions are built here on the
 * incomplete gamma/beta of special.ts (matching scipy.special to ~1e-14 in the tests).
 */
import { betaInc, erfc, gammaP, gammaQ, logChoose } from './special.ts';

/** Standard normal cumulative distribution function Phi(z). */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return NaN;
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** Standard normal survival function 1 - Phi(z), accurate in the upper tail. */
export function normalSf(z: number): number {
  return normalCdf(-z);
}

/**
 * Standard normal quantile: Wichura's AS 241 (PPND16, Applied Statistics 37, 1988), then one Halley
 * step against normalCdf to take it to full double precision.
 */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const q = p - 0.5;
  let x: number;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    x =
      (q *
        (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r + 67265.770927008700853) * r +
          45921.953931549871457) *
          r +
          13731.693765509461125) *
          r +
          1971.5909503065514427) *
          r +
          133.14166789178437745) *
          r +
          3.387132872796366608)) /
      (((((((r * 5226.495278852854561 + 28729.085735721942674) * r + 39307.89580009271061) * r +
        21213.794301586595867) *
        r +
        5394.1960214247511077) *
        r +
        687.1870074920579083) *
        r +
        42.313330701600911252) *
        r +
        1);
  } else {
    let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
    if (r <= 5) {
      r -= 1.6;
      x =
        (((((((r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r + 0.24178072517745061177) * r +
          1.27045825245236838258) *
          r +
          3.64784832476320460504) *
          r +
          5.7694972214606914055) *
          r +
          4.6303378461565452959) *
          r +
          1.42343711074968357734) /
        (((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r +
          0.14810397642748007459) *
          r +
          0.68976733498510000455) *
          r +
          1.6763848301838038494) *
          r +
          2.05319162663775882187) *
          r +
          1);
    } else {
      r -= 5;
      x =
        (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r +
          0.026532189526576123093) *
          r +
          0.29656057182850489123) *
          r +
          1.7848265399172913358) *
          r +
          5.4637849111641143699) *
          r +
          6.6579046435011037772) /
        (((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r +
          7.868691311456132591e-4) *
          r +
          0.0148753612908506148525) *
          r +
          0.13692988092273580531) *
          r +
          0.59983220655588793769) *
          r +
          1);
    }
    if (q < 0) x = -x;
  }
  // Halley refinement (the error of the tail-appropriate CDF, so tiny p keep relative accuracy).
  const e = q < 0 ? normalCdf(x) - p : p - 1 + normalSf(x);
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  const refined = x - u / (1 + (x * u) / 2);
  return Number.isFinite(refined) ? refined : x;
}

/** Student t cumulative distribution function with df > 0 degrees of freedom (df may be fractional, as Welch's). */
export function tCdf(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return NaN;
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  const tail = 0.5 * betaInc(df / (df + t * t), df / 2, 0.5);
  return t > 0 ? 1 - tail : tail;
}

/** Student t survival function P(T > t). */
export function tSf(t: number, df: number): number {
  return tCdf(-t, df);
}

/** Chi-square cumulative distribution function. */
export function chiSquareCdf(x: number, df: number): number {
  if (Number.isNaN(x) || !(df > 0)) return NaN;
  return gammaP(df / 2, Math.max(0, x) / 2);
}

/** Chi-square survival function P(X > x), computed in the upper tail (not 1 - cdf). */
export function chiSquareSf(x: number, df: number): number {
  if (Number.isNaN(x) || !(df > 0)) return NaN;
  return gammaQ(df / 2, Math.max(0, x) / 2);
}

/** Binomial probability mass P(X = k), X ~ Bin(n, p). */
export function binomialPmf(k: number, n: number, p: number): number {
  if (k < 0 || k > n || !Number.isInteger(k)) return 0;
  if (p === 0) return k === 0 ? 1 : 0;
  if (p === 1) return k === n ? 1 : 0;
  return Math.exp(logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p));
}

/** Binomial P(X <= k) via the incomplete beta: I_{1-p}(n-k, k+1). */
export function binomialCdf(k: number, n: number, p: number): number {
  k = Math.floor(k);
  if (k < 0) return 0;
  if (k >= n) return 1;
  return betaInc(1 - p, n - k, k + 1);
}

/** Binomial P(X >= k) = I_p(k, n-k+1). */
export function binomialSfInclusive(k: number, n: number, p: number): number {
  k = Math.ceil(k);
  if (k <= 0) return 1;
  if (k > n) return 0;
  return betaInc(p, k, n - k + 1);
}

/** Hypergeometric P(X = k): k successes in `draws` from a population of `total` with `successes` successes. */
export function hypergeometricPmf(k: number, total: number, successes: number, draws: number): number {
  if (k < Math.max(0, draws - (total - successes)) || k > Math.min(successes, draws)) return 0;
  return Math.exp(logChoose(successes, k) + logChoose(total - successes, draws - k) - logChoose(total, draws));
}
