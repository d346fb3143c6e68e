import { countPathsOutside, probOutsideInsideMethod, probOutsideSquare } from './ks-exact.ts';
import { kolmogorovSf } from './kolmogorov.ts';
import { mergeSorted, type SortedMerge } from './sorted-merge.ts';
import { sortedSamples } from './sorted-samples.ts';
import { logChoose } from './special.ts';
import { clampProbability, notEnoughData, type Alternative, type NotEnoughData, type TestOutcome } from './types.ts';

export interface KsOptions {
  alternative?: Alternative;
  /** scipy ks_2samp: 'auto' is exact when max(n1, n2) <= 10000, else asymptotic. */
  method?: 'auto' | 'exact' | 'asymp';
}

export type KsResult = TestOutcome<{
  method: 'exact' | 'asymp';
  /** +1 if the max is of F1 - F2, -1 if of F2 - F1 */ sign: 1 | -1;
  location: number;
}>;

const MAX_AUTO_N = 10000;

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * Two-sample Kolmogorov-Smirnov test, scipy.stats.ks_2samp semantics ('greater': the CDF of x lies
 * above that of y somewhere). Statistic in O((n+m) log(n+m)) by merging sorted copies.
 */
export function ksTwoSample(x: readonly number[], y: readonly number[], options: KsOptions = {}): KsResult {
  const { alternative = 'two-sided', method = 'auto' } = options;
  const samples = sortedSamples(x, y);
  if (!samples.ok) return samples;
  const { xs, ys } = samples;
  const n1 = xs.length;
  const n2 = ys.length;
  const dist = ksDistanceSorted(xs, ys, alternative);
  if (!dist.ok) return dist;
  const { d, g, h, useDown } = dist;
  let chosen: 'exact' | 'asymp' = method === 'auto' ? (Math.max(n1, n2) <= MAX_AUTO_N ? 'exact' : 'asymp') : method;
  let p = NaN;
  if (chosen === 'exact') {
    p = exactP(n1, n2, g, h, alternative);
    if (!(p >= 0 && p <= 1)) chosen = 'asymp';
  }
  if (chosen === 'asymp') {
    const m = Math.max(n1, n2);
    const n = Math.min(n1, n2);
    const en = (m * n) / (m + n);
    if (alternative === 'two-sided') p = kolmogorovSf(roundHalfEven(en), d);
    else {
      // Hodges' (1958) approximation, eq. 5.3, as scipy.
      const z = Math.sqrt(en) * d;
      p = Math.exp(-2 * z * z - (2 * z * (m + 2 * n)) / Math.sqrt(m * n * (m + n)) / 3);
    }
  }
  return {
    ok: true,
    statistic: d,
    pValue: clampProbability(p),
    method: chosen,
    sign: useDown ? -1 : 1,
    location: dist.location,
  };
}

/** The KS distance of two samples sorted ascending, exactly as `ksTwoSample` computes it (its numerator over gcd and lcm too). */
export interface KsDistance {
  ok: true;
  d: number;
  /** gcd(n1, n2) and D * lcm(n1, n2), an integer: what the exact p-value needs. */
  g: number;
  h: number;
  /** The largest gap is of F2 - F1. */
  useDown: boolean;
  location: number;
}

/**
 * KS statistic of two non-empty, finite samples already sorted ascending (a reference sorted once
 * for many windows); not enough data when every value is the same.
 */
export function ksDistanceSorted(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  alternative: Alternative = 'two-sided',
): KsDistance | NotEnoughData {
  const n1 = xs.length;
  const n2 = ys.length;
  if (xs[0] === xs[n1 - 1] && ys[0] === ys[n2 - 1] && xs[0] === ys[0]) return notEnoughData('all values equal');
  return ksDistanceOfMerge(mergeSorted(xs, ys), n1, n2, alternative);
}

/** The KS distance from a walk of the two samples (sorted-merge.ts) that were not all one value. */
export function ksDistanceOfMerge(
  merge: SortedMerge,
  n1: number,
  n2: number,
  alternative: Alternative = 'two-sided',
): KsDistance {
  // Integer numerators i*n2 - j*n1 of F1 - F2 at each distinct value: exact, no rounding.
  const { maxNum, minNum, maxLoc, minLoc } = merge;
  const up = maxNum;
  const down = -minNum;
  const useDown = alternative === 'less' || (alternative === 'two-sided' && down > up);
  const num = useDown ? down : up;
  const g = gcd(n1, n2);
  const h = num / g; // D * lcm(n1, n2), an integer
  const lcm = (n1 / g) * n2;
  return { ok: true, d: h / lcm, g, h, useDown, location: useDown ? minLoc : maxLoc };
}

/** numpy's np.round: halves go to the even neighbour (en = 22.5 -> 22). */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function exactP(n1: number, n2: number, g: number, h: number, alternative: Alternative): number {
  if (h === 0) return 1;
  if (alternative === 'two-sided') return n1 === n2 ? probOutsideSquare(n1, h) : probOutsideInsideMethod(n1, n2, g, h);
  if (n1 === n2) {
    let p = 1;
    for (let j = 0; j < h; j++) p *= (n1 - j) / (n1 + j + 1);
    return p;
  }
  const paths = countPathsOutside(n1, n2, g, h);
  const total = Math.exp(logChoose(n1 + n2, n1));
  if (!Number.isFinite(total) || !Number.isFinite(paths) || paths > total) return NaN;
  return paths / total;
}
