"""Reference values for harness/stats/change-points.ts.

Optimal partitioning (Jackson et al. 2005) by plain O(n^2) dynamic programming with numpy, no
pruning: the exact optimum PELT must reproduce. For short series the DP is itself checked against
exhaustive enumeration of every segmentation. Run: python3 scripts/change-point-fixtures.py
"""
import itertools
import json
import numpy as np

rng = np.random.default_rng(20261127)


def seg_cost(x, a, b):
    s = x[a:b]
    return float(((s - s.mean()) ** 2).sum())


def optimal_partitioning(x, penalty, min_size):
    n = len(x)
    F = [np.inf] * (n + 1)
    last = [-1] * (n + 1)
    F[0] = -penalty
    for t in range(min_size, n + 1):
        for tau in [0] + list(range(min_size, t - min_size + 1)):
            if t - tau < min_size or not np.isfinite(F[tau]):
                continue
            v = F[tau] + seg_cost(x, tau, t) + penalty
            if v < F[t] - 1e-12:
                F[t], last[t] = v, tau
    cps = []
    t = n
    while last[t] > 0:
        cps.append(last[t])
        t = last[t]
    return sorted(cps), F[n]


def exhaustive(x, penalty, min_size):
    n = len(x)
    best = (np.inf, None)
    for k in range(0, n):
        for cps in itertools.combinations(range(1, n), k):
            b = [0, *cps, n]
            if any(b[i + 1] - b[i] < min_size for i in range(len(b) - 1)):
                continue
            v = sum(seg_cost(x, b[i], b[i + 1]) for i in range(len(b) - 1)) + penalty * k
            if v < best[0] - 1e-12:
                best = (v, list(cps))
    return best[1], best[0]


def series(n, shifts, sigma=1.0, heavy=False):
    noise = rng.standard_t(3, n) if heavy else rng.normal(0, 1, n)
    x = sigma * noise
    for at, delta in shifts:
        x[at:] += delta
    return x


cases = []
specs = [
    (10, [(5, 3.0)], 2.0, 1),
    (11, [(3, -2.0), (8, 4.0)], 1.0, 2),
    (12, [], 1.5, 2),
    (12, [(4, 1.0), (7, -1.0)], 0.5, 3),
]
for n, shifts, pen, m in specs:
    x = series(n, shifts)
    cps, cost = optimal_partitioning(x, pen, m)
    cps_e, cost_e = exhaustive(x, pen, m)
    assert cps == cps_e and abs(cost - cost_e) < 1e-9, (cps, cps_e, cost, cost_e)
    cases.append({"name": f"exhaustive n={n} m={m}", "x": x.tolist(), "penalty": pen, "minSize": m, "changePoints": cps, "cost": cost})

for i, (n, shifts, sigma, m, heavy) in enumerate([
    (60, [(30, 2.0)], 1.0, 2, False),
    (100, [(20, 1.5), (50, -3.0), (80, 1.0)], 1.0, 3, False),
    (150, [], 1.0, 2, True),
    (200, [(120, 0.05)], 0.02, 5, False),
    (200, [(40, 0.5), (41, -0.5), (150, 0.3)], 0.1, 1, True),
    (80, [(10, 4.0), (70, -4.0)], 1.0, 4, False),
]):
    x = series(n, shifts, sigma, heavy)
    mad = float(np.median(np.abs(np.diff(x))))
    est = mad / (0.6744897501960817 * np.sqrt(2))
    for factor in (2.0, 8.0):
        pen = factor * est * est * np.log(n)
        cps, cost = optimal_partitioning(x, pen, m)
        cases.append({"name": f"dp case {i} factor {factor}", "x": x.tolist(), "penalty": pen, "minSize": m, "changePoints": cps, "cost": cost, "sigma": est})

out = "harness/stats/__fixtures__/change-points.json"
with open(out, "w") as f:
    json.dump({"generatedBy": "scripts/change-point-fixtures.py", "cases": cases}, f, indent=1)
print(f"wrote {len(cases)} cases to {out}")
