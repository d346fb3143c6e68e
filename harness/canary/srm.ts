import { chiSquareGoodnessOfFit } from '../stats/index.ts';
import type { SrmCheck } from './judgment.ts';
import { pct, pv } from './format.ts';

/**
 * Sample ratio mismatch: chi-square goodness of fit of the observed arm sizes against the configured
 * split. A mismatch (p < srmAlpha, 0.001 by default as in Kohavi et al., "Trustworthy Online Controlled
 * Experiments", ch. 21) means traffic was lost or misrouted, so no metric comparison can be trusted.
 */
export function checkSampleRatio(baseline: number, canary: number, canaryShare: number, srmAlpha: number): SrmCheck {
  const total = baseline + canary;
  const base = { baseline, canary, expectedCanaryShare: canaryShare };
  if (total === 0)
    return { ...base, ok: true, observedCanaryShare: null, pValue: null, statement: 'no samples: split not checked' };
  const observed = canary / total;
  const test = chiSquareGoodnessOfFit([baseline, canary], [1 - canaryShare, canaryShare]);
  const pValue = test.ok ? test.pValue : 1;
  const ok = !(pValue < srmAlpha);
  const split = `${baseline} baseline / ${canary} canary samples, canary share ${pct(observed, false)} against the configured ${pct(canaryShare, false)}`;
  return {
    ...base,
    ok,
    observedCanaryShare: observed,
    pValue,
    statement: ok
      ? `traffic split as configured: ${split} (chi-square ${pv(pValue)})`
      : `sample ratio mismatch: ${split} (chi-square ${pv(pValue)} < ${srmAlpha}); traffic was lost or misrouted, so the comparison is invalid`,
  };
}
