import { hodgesLehmannSorted, type HodgesLehmannOptions, type HodgesLehmannResult } from './hodges-lehmann.ts';
import { mannWhitneyU, mannWhitneyUSorted, type MannWhitneyOptions, type MannWhitneyResult } from './mann-whitney.ts';
import { rankSumSorted } from './rank.ts';
import { allFinite, notEnoughData } from './types.ts';

export interface LocationComparison {
  mannWhitney: MannWhitneyResult;
  hodgesLehmann: HodgesLehmannResult;
}

/**
 * mannWhitneyU(x, y, options) and hodgesLehmann(x, y, options) with the same results as the two calls,
 * but sorting the samples and ranking them once for both.
 */
export function compareLocations(
  x: readonly number[],
  y: readonly number[],
  options: MannWhitneyOptions & HodgesLehmannOptions = {},
): LocationComparison {
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0 || !allFinite(x) || !allFinite(y)) {
    // Let each function report its own reason (they check in different orders).
    return {
      mannWhitney: mannWhitneyU(x, y, options),
      hodgesLehmann: n1 === 0 || n2 === 0 ? notEnoughData(`n1=${n1}, n2=${n2}`) : notEnoughData('non-finite values'),
    };
  }
  const xs = Float64Array.from(x).sort();
  const ys = Float64Array.from(y).sort();
  const ranks = rankSumSorted(xs, ys);
  return {
    mannWhitney: mannWhitneyUSorted(xs, ys, ranks, options),
    hodgesLehmann: hodgesLehmannSorted(xs, ys, ranks, options),
  };
}
