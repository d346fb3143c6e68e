"""Reference values for the canary judge's rate intervals (run once; output committed).

Wilson intervals come from scipy.stats.binomtest(...).proportion_ci(method='wilson'); Poisson score
intervals are solved numerically with scipy.optimize.brentq (not the closed form the TypeScript uses);
Newcombe's hybrid score interval (1998, method 10) combines the Wilson intervals, and is itself checked
here against the worked examples published in Newcombe, Statistics in Medicine 17:873-890, Table II.

    python3 scripts/canary-interval-fixture.py
"""
import json
import math
import os
import scipy
from scipy import optimize, stats

out = os.path.join(os.path.dirname(__file__), '..', 'harness', 'canary', '__fixtures__', 'interval-expected.json')


def wilson(x, n, conf):
    ci = stats.binomtest(x, n).proportion_ci(confidence_level=conf, method='wilson')
    return ci.low, ci.high


def newcombe(x1, n1, x2, n2, conf):
    p1, p2 = x1 / n1, x2 / n2
    l1, u1 = wilson(x1, n1, conf)
    l2, u2 = wilson(x2, n2, conf)
    d = p1 - p2
    return d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)


def poisson_score(x, t, conf):
    z = stats.norm.ppf(1 - (1 - conf) / 2)
    f = lambda mu: (x - mu) ** 2 - z * z * mu
    upper = optimize.brentq(f, max(x, 1e-12), x + 10 * z * z + 10 * z * math.sqrt(x + 1), xtol=1e-14)
    lower = 0.0 if x == 0 else optimize.brentq(f, 1e-300, x, xtol=1e-14)
    return lower / t, upper / t


def poisson_diff(x1, t1, x2, t2, conf):
    r1, r2 = x1 / t1, x2 / t2
    l1, u1 = poisson_score(x1, t1, conf)
    l2, u2 = poisson_score(x2, t2, conf)
    d = r1 - r2
    return d - math.sqrt((r1 - l1) ** 2 + (u2 - r2) ** 2), d + math.sqrt((u1 - r1) ** 2 + (r2 - l2) ** 2)


# Newcombe 1998, Table II, method 10 (published to 4 decimals).
published = [((56, 70, 48, 80), (0.0524, 0.3339)), ((9, 10, 3, 10), (0.1705, 0.8090)), ((6, 7, 2, 7), (0.0582, 0.8062)),
             ((5, 56, 0, 29), (-0.0381, 0.1926)), ((0, 10, 0, 20), (-0.1611, 0.2775)), ((0, 10, 0, 10), (-0.2775, 0.2775))]
for (x1, n1, x2, n2), (lo, hi) in published:
    got = newcombe(x1, n1, x2, n2, 0.95)
    assert abs(got[0] - lo) < 6e-5 and abs(got[1] - hi) < 6e-5, ((x1, n1, x2, n2), got, (lo, hi))

rate_cases = [(17, 380, 6, 400), (6, 400, 2, 400), (0, 1000, 0, 1000), (0, 50, 3, 60), (45, 1500, 15, 1500),
              (600, 1000, 590, 1000), (1000, 1000, 999, 1000), (3, 5000, 1, 5000), (56, 70, 48, 80)]
count_cases = [(480, 120, 240, 120), (0, 60, 0, 60), (3, 10, 0, 12), (1234, 500, 1200, 500), (7, 30, 12, 30)]
conf_levels = [0.95, 0.99]
doc = {
    'scipy': scipy.__version__,
    'wilson': [{'x': x, 'n': n, 'confidence': c, 'lower': wilson(x, n, c)[0], 'upper': wilson(x, n, c)[1]}
               for (x, n, _, _) in rate_cases for c in conf_levels],
    'newcombe': [{'canary': [x1, n1], 'baseline': [x2, n2], 'confidence': c,
                  'lower': newcombe(x1, n1, x2, n2, c)[0], 'upper': newcombe(x1, n1, x2, n2, c)[1]}
                 for (x1, n1, x2, n2) in rate_cases for c in conf_levels],
    'poissonDifference': [{'canary': [x1, t1], 'baseline': [x2, t2], 'confidence': c,
                           'lower': poisson_diff(x1, t1, x2, t2, c)[0], 'upper': poisson_diff(x1, t1, x2, t2, c)[1]}
                          for (x1, t1, x2, t2) in count_cases for c in conf_levels],
}
with open(out, 'w') as f:
    json.dump(doc, f, indent=1)
    f.write('\n')
print(f'wrote {out}: {len(doc["wilson"])} Wilson, {len(doc["newcombe"])} Newcombe, {len(doc["poissonDifference"])} Poisson cases')
