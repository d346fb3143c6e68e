"""Reference values for harness/stress/yardstick/ratio-shift.ts, from scipy.

python3 scripts/ratio-shift-fixture.py > harness/stress/yardstick/__fixtures__/ratio-shift.json

For each case: the Hodges-Lehmann estimate (numpy median of all pairwise differences), the one-sided
exact Mann-Whitney p-values (scipy.stats.mannwhitneyu, method='exact'), and the confidence interval at
1 - 2 alpha found by inverting scipy's exact test: the lower end is the infimum of the shifts d for which scipy's one-sided test of
(x - d) against y does not reject at alpha, the upper end the supremum (both are pairwise differences).
"""
import json

import numpy as np
import scipy
from scipy.stats import mannwhitneyu


def interval(x, y, alpha):
    d = np.sort(np.subtract.outer(x, y).ravel())
    nm = len(d)
    # Between d[j-1] and d[j] (1-based j = count of differences <= shift): U(x - s, y) = nm - j.
    # A shift s in (d[j-1], d[j]) leaves U(x - s, y) = nm - j; the lower end is the infimum of the
    # shifts scipy's one-sided test does not reject, so the left end of the first such gap.
    lower = None
    for j in range(nm):
        s = d[j] - 1e-9
        p = mannwhitneyu(np.array(x) - s, y, alternative="greater", method="exact").pvalue
        if p > alpha:
            lower = d[max(j - 1, 0)]
            break
    upper = None
    for j in range(nm - 1, -1, -1):
        s = d[j] + 1e-9
        p = mannwhitneyu(np.array(x) - s, y, alternative="less", method="exact").pvalue
        if p > alpha:
            upper = d[min(j + 1, nm - 1)]
            break
    return float(lower), float(upper)


rng = np.random.default_rng(20261127)
cases = []
for n1, n2, shift, sd, alpha in [
    (10, 10, 0.0, 0.05, 0.01),
    (10, 10, 0.22, 0.05, 0.01),
    (10, 10, 0.1, 0.08, 0.001),
    (10, 10, -0.2, 0.05, 0.01),
    (12, 8, 0.05, 0.1, 0.025),
    (6, 6, 0.3, 0.05, 0.05),
    (10, 10, 0.3, 0.2, 0.001),
    (8, 11, 0.02, 0.03, 0.01),
]:
    base = rng.normal(0.35, sd, n2)
    now = rng.normal(0.35 + shift, sd, n1)
    lower, upper = interval(now, base, alpha)
    cases.append(
        {
            "now": now.tolist(),
            "base": base.tolist(),
            "alpha": alpha,
            "estimate": float(np.median(np.subtract.outer(now, base))),
            "lower": lower,
            "upper": upper,
            "pSlower": float(mannwhitneyu(now, base, alternative="greater", method="exact").pvalue),
            "pFaster": float(mannwhitneyu(now, base, alternative="less", method="exact").pvalue),
        }
    )
print(json.dumps({"scipy": scipy.__version__, "numpy": np.__version__, "cases": cases}))
