#!/usr/bin/env python3
"""Write scipy's answers for harness/stats to harness/stats/__fixtures__/*.json.

Run from the repository root: python3 scripts/stats-fixtures.py
Every data set is drawn from numpy's default_rng with a fixed seed, so the files are reproducible.
"""
import json
import math
import os
import numpy as np
import scipy
from scipy import stats, special
from scipy.spatial.distance import jensenshannon

OUT = os.path.join(os.path.dirname(__file__), '..', 'harness', 'stats', '__fixtures__')
rng = np.random.default_rng(20240611)


def f(a):
    return [float(v) for v in np.asarray(a, dtype=float).ravel()]


def datasets():
    """Named pairs (x, y): small, large, tied, skewed, identical, shifted."""
    d = {}
    d['small-5-7'] = (rng.normal(0, 1, 5), rng.normal(0.8, 1, 7))
    d['small-3-8'] = (rng.normal(0, 1, 3), rng.normal(0, 1, 8))
    d['small-8-12'] = (rng.normal(0, 1, 8), rng.normal(1, 1, 12))
    d['medium-30-40'] = (rng.normal(0, 1, 30), rng.normal(0.3, 1.5, 40))
    d['medium-45-45'] = (rng.normal(0, 1, 45), rng.normal(0.5, 1, 45))
    d['large-600-800'] = (rng.normal(0, 1, 600), rng.normal(0.1, 1, 800))
    d['tied-small-6-7'] = (np.round(rng.normal(0, 1, 6)), np.round(rng.normal(0.5, 1, 7)))
    d['tied-40-50'] = (np.round(rng.normal(0, 2, 40)), np.round(rng.normal(1, 2, 50)))
    d['skewed-lognormal-200-150'] = (rng.lognormal(0, 1, 200), rng.lognormal(0.2, 1.2, 150))
    d['latency-like-300-300'] = (rng.gamma(2, 50, 300), rng.gamma(2, 55, 300))
    d['identical-20-20'] = (np.arange(20.0), np.arange(20.0))
    d['separated-10-10'] = (np.arange(10.0), np.arange(10.0) + 100)
    return {k: (f(x), f(y)) for k, (x, y) in d.items()}


def write(name, obj):
    path = os.path.join(OUT, name + '.json')
    with open(path, 'w') as fh:
        json.dump({'scipy': scipy.__version__, 'numpy': np.__version__, **obj}, fh, separators=(',', ':'))
    print(f'{path}: {os.path.getsize(path)} bytes')


def u_counts(m, n):
    """Exact counts of U for sizes m, n by the recursion f(u; m, n) = f(u - n; m - 1, n) + f(u; m, n - 1), python ints."""
    table = {}

    def rec(m, n):
        if (m, n) in table:
            return table[(m, n)]
        if m == 0 or n == 0:
            res = [1]
        else:
            a = rec(m - 1, n)
            b = rec(m, n - 1)
            res = [0] * (m * n + 1)
            for u, c in enumerate(a):
                res[u + n] += c
            for u, c in enumerate(b):
                res[u] += c
        table[(m, n)] = res
        return res

    return rec(m, n)


def qwilcox(p, m, n):
    counts = u_counts(m, n)
    total = sum(counts)
    s = 0
    for q, c in enumerate(counts):
        s += c
        if s / total >= p * (1 - 64 * np.finfo(float).eps):
            return q
    return m * n


def main():
    os.makedirs(OUT, exist_ok=True)
    data = datasets()

    # --- descriptive ---
    desc = []
    for name, (x, y) in data.items():
        for label, v in ((name + '/x', x), (name + '/y', y)):
            a = np.asarray(v)
            qs = [0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1]
            desc.append({'name': label, 'data': v, 'mean': float(np.mean(a)), 'variance': float(np.var(a, ddof=1)) if len(a) > 1 else None,
                         'quantiles': [[q, float(np.quantile(a, q))] for q in qs], 'median': float(np.median(a)),
                         'mad': float(stats.median_abs_deviation(a)), 'iqr': float(stats.iqr(a))})
    big = rng.normal(1e9, 1, 1000)  # catastrophic cancellation check for variance
    desc.append({'name': 'offset-1e9', 'data': f(big), 'mean': float(np.mean(big)), 'variance': float(np.var(big, ddof=1)),
                 'quantiles': [[0.5, float(np.quantile(big, 0.5))]], 'median': float(np.median(big)),
                 'mad': float(stats.median_abs_deviation(big)), 'iqr': float(stats.iqr(big))})
    write('descriptive', {'cases': desc})

    # --- two-sample tests on the shared data sets ---
    mwu, hl, welch, ks, wd, binned = [], [], [], [], [], []
    for name, (x, y) in data.items():
        for alt in ('two-sided', 'less', 'greater'):
            for method in ('auto', 'asymptotic', 'exact'):
                if method == 'exact' and len(x) * len(y) > 5000:
                    continue
                for cont in (True, False):
                    if method != 'asymptotic' and not cont:
                        continue
                    r = stats.mannwhitneyu(x, y, alternative=alt, method=method, use_continuity=cont)
                    if math.isnan(r.pvalue):
                        continue
                    mwu.append({'x': name, 'alternative': alt, 'method': method, 'useContinuity': cont, 'statistic': float(r.statistic), 'pValue': float(r.pvalue)})
            r = stats.ttest_ind(x, y, equal_var=False, alternative=alt)
            if not math.isnan(r.pvalue):
                welch.append({'x': name, 'alternative': alt, 'statistic': float(r.statistic), 'pValue': float(r.pvalue), 'df': float(r.df)})
            for method in ('auto', 'exact', 'asymp'):
                r = stats.ks_2samp(x, y, alternative=alt, method=method)
                ks.append({'x': name, 'alternative': alt, 'method': method, 'statistic': float(r.statistic), 'pValue': float(r.pvalue)})
        # Hodges-Lehmann: R's wilcox.test conf.int algorithm over all n*m differences (brute force reference).
        xa, ya = np.asarray(x), np.asarray(y)
        diffs = np.sort(np.subtract.outer(xa, ya).ravel())
        nm = diffs.size
        allv = np.concatenate([xa, ya])
        _, tcounts = np.unique(allv, return_counts=True)
        ties = bool(np.any(tcounts > 1))
        for conf in (0.9, 0.95, 0.99):
            alpha = 1 - conf
            if len(x) < 50 and len(y) < 50 and not ties:
                k = qwilcox(alpha / 2, len(x), len(y))
                method = 'exact'
            else:
                n = len(x) + len(y)
                tie_term = float(np.sum(tcounts.astype(float) ** 3 - tcounts))
                sd = math.sqrt(nm / 12 * (n + 1 - tie_term / (n * (n - 1))))
                k = math.ceil(nm / 2 - 0.5 + stats.norm.ppf(alpha / 2) * sd)
                method = 'normal'
            k = min(max(k, 1), (nm + 1) // 2)
            hl.append({'x': name, 'confidence': conf, 'method': method, 'k': k, 'estimate': float(np.median(diffs)),
                       'lower': float(diffs[k - 1]), 'upper': float(diffs[nm - k])})
        wd.append({'x': name, 'value': float(stats.wasserstein_distance(x, y))})
        for bins in (5, 10):
            edges = np.quantile(xa, np.arange(1, bins) / bins)
            edges = np.unique(edges)
            rc = np.bincount(np.searchsorted(edges, xa, side='left'), minlength=edges.size + 1) / xa.size
            cc = np.bincount(np.searchsorted(edges, ya, side='left'), minlength=edges.size + 1) / ya.size
            eps = 1e-4
            r_, c_ = np.maximum(rc, eps), np.maximum(cc, eps)
            binned.append({'x': name, 'bins': bins, 'edges': f(edges), 'psi': float(np.sum((c_ - r_) * np.log(c_ / r_))),
                           'jensenShannon': float(jensenshannon(rc, cc, base=2))})
    write('two-sample', {'data': data, 'mannWhitney': mwu, 'hodgesLehmann': hl, 'welch': welch, 'ks': ks, 'wasserstein': wd, 'binned': binned})

    # --- KS exact paths on larger unequal samples (kept as statistic-only inputs to stay small) ---
    ks_paths = []
    for n1, n2 in ((1000, 700), (2000, 2000), (3000, 2500), (40, 60), (97, 101)):
        for h_frac in (0.02, 0.05, 0.1):
            g = math.gcd(n1, n2)
            lcm = n1 // g * n2
            h = max(1, round(h_frac * lcm))
            d = h / lcm
            xs = np.sort(rng.normal(0, 1, n1))
            # synthesise no data: call the private exact routine through ks_2samp's helper for the same (n1, n2, h)
            from scipy.stats._stats_py import _attempt_exact_2kssamp
            for alt in ('two-sided', 'greater'):
                ok, dd, p = _attempt_exact_2kssamp(n1, n2, g, d, alt)
                if ok:
                    ks_paths.append({'n1': n1, 'n2': n2, 'h': h, 'alternative': alt, 'pValue': float(p)})
    kstwo = []
    for n in (5, 20, 100, 140, 141, 500, 2000, 50000, 100000):
        for x in (0.001, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.45, 0.6, 0.8):
            v = float(stats.kstwo.sf(x, n))
            kstwo.append({'n': n, 'x': x, 'sf': v})
    write('ks-distribution', {'exact': ks_paths, 'kstwoSf': kstwo})

    # --- distribution functions ---
    zs = [-38, -20, -10, -5, -3, -1.96, -1, -0.5, -1e-3, 0, 0.3, 1, 2.5, 5, 8]
    ps = [1e-300, 1e-50, 1e-10, 1e-5, 0.001, 0.025, 0.1, 0.3, 0.5, 0.7, 0.975, 0.999, 1 - 1e-10]
    t_cases = [(t, df) for t in (-30, -4, -2, -0.5, 0, 0.7, 1.5, 3, 10) for df in (1, 2.5, 5, 13.7, 30, 200, 5000)]
    c_cases = [(x, df) for x in (0.01, 0.5, 1, 3.84, 10, 50, 300, 2000) for df in (1, 2, 3, 7, 30, 150, 1000)]
    b_cases = [(x, a, b) for x in (0.001, 0.1, 0.37, 0.5, 0.9, 0.999) for a, b in ((0.5, 0.5), (1, 3), (2.5, 7), (30, 40), (500, 300), (1e4, 2e4))]
    binom_cases = [(k, n, p) for k, n, p in ((0, 10, 0.3), (3, 10, 0.3), (7, 10, 0.3), (50, 100, 0.5), (10, 1000, 0.02), (400, 1000, 0.37), (5, 20000, 0.0004))]
    hyper_cases = [(k, M, n, N) for k, M, n, N in ((3, 20, 7, 12), (0, 20, 7, 12), (50, 200, 90, 120), (10, 1000, 30, 200))]
    write('distributions', {
        'normalCdf': [[z, float(special.ndtr(z))] for z in zs],
        'normalQuantile': [[p, float(special.ndtri(p))] for p in ps],
        'tCdf': [[t, df, float(stats.t.cdf(t, df))] for t, df in t_cases],
        'chiSquareSf': [[x, df, float(stats.chi2.sf(x, df))] for x, df in c_cases],
        'chiSquareCdf': [[x, df, float(stats.chi2.cdf(x, df))] for x, df in c_cases],
        'betaInc': [[x, a, b, float(special.betainc(a, b, x))] for x, a, b in b_cases],
        'logGamma': [[x, float(special.gammaln(x))] for x in (0.1, 0.5, 1, 1.5, 3.7, 10, 100.5, 1023, 1025, 1e5 + 0.5, 1e7)],
        'binomialPmf': [[k, n, p, float(stats.binom.pmf(k, n, p))] for k, n, p in binom_cases],
        'binomialCdf': [[k, n, p, float(stats.binom.cdf(k, n, p))] for k, n, p in binom_cases],
        'hypergeometricPmf': [[k, M, n, N, float(stats.hypergeom.pmf(k, M, n, N))] for k, M, n, N in hyper_cases],
    })

    # --- count tests ---
    gof = []
    for obs, exp in (([5000, 5100], [0.5, 0.5]), ([4800, 5200], None), ([10, 20, 30, 45], [0.1, 0.2, 0.3, 0.4]), ([3, 0, 9], [4, 4, 4]), ([1000, 1300, 990], [1, 1, 1])):
        e = None if exp is None else np.asarray(exp, float) / np.sum(exp) * np.sum(obs)
        r = stats.chisquare(obs, e)
        gof.append({'observed': obs, 'expected': exp, 'statistic': float(r.statistic), 'pValue': float(r.pvalue)})
    cont = []
    for table in ([[10, 20], [30, 25]], [[3, 7], [9, 2]], [[100, 110], [95, 130]], [[12, 15, 9], [20, 11, 30]], [[5, 9, 2, 7], [4, 4, 8, 1], [10, 3, 3, 6]], [[1000, 1010], [990, 1060]]):
        for corr in (True, False):
            r = stats.chi2_contingency(table, correction=corr)
            cont.append({'table': table, 'correction': corr, 'statistic': float(r.statistic), 'pValue': float(r.pvalue), 'df': int(r.dof)})
    fisher = []
    for table in ([[8, 2], [1, 5]], [[3, 3], [3, 3]], [[0, 5], [5, 0]], [[10, 10], [12, 8]], [[1, 30], [9, 25]], [[120, 880], [150, 850]], [[2, 7], [8, 2]], [[5, 0], [1, 4]]):
        for alt in ('two-sided', 'less', 'greater'):
            r = stats.fisher_exact(table, alternative=alt)
            fisher.append({'table': table, 'alternative': alt, 'statistic': float(r.statistic), 'pValue': float(r.pvalue)})
    poisson = []
    for c1, e1, c2, e2 in ((10, 1000, 3, 1000), (0, 500, 4, 700), (25, 10000, 40, 12000), (7, 3.5, 7, 3.5), (200, 1e5, 260, 1e5), (1, 10, 0, 10)):
        for alt in ('two-sided', 'less', 'greater'):
            r = stats.binomtest(c1, c1 + c2, e1 / (e1 + e2), alternative=alt)
            poisson.append({'count1': c1, 'exposure1': e1, 'count2': c2, 'exposure2': e2, 'alternative': alt, 'pValue': float(r.pvalue)})
    write('counts', {'goodnessOfFit': gof, 'contingency': cont, 'fisher': fisher, 'poisson': poisson})

    # --- multiple comparisons (statsmodels formulas in numpy: statsmodels is not installed) ---
    mc = []
    for p in (rng.uniform(0, 1, 12), np.concatenate([rng.uniform(0, 0.01, 5), rng.uniform(0, 1, 15)]), np.array([0.01, 0.01, 0.03, 0.03, 0.2]), np.array([0.5])):
        m = p.size
        o = np.argsort(p, kind='stable')
        ps = p[o]
        holm_s = np.minimum(1, np.maximum.accumulate((m - np.arange(m)) * ps))
        bh_s = np.minimum(1, np.minimum.accumulate((m * ps / np.arange(1, m + 1))[::-1])[::-1])
        holm_ = np.empty(m); holm_[o] = holm_s
        bh_ = np.empty(m); bh_[o] = bh_s
        mc.append({'p': f(p), 'holm': f(holm_), 'bh': f(bh_)})
    write('multiple-comparisons', {'cases': mc})

    # --- bootstrap: scipy's intervals (loose comparison; different RNG) ---
    boot = []
    for name, x in (('normal-50', rng.normal(10, 2, 50)), ('lognormal-80', rng.lognormal(0, 0.8, 80)), ('exp-200', rng.exponential(3, 200))):
        for stat_name, fn in (('mean', np.mean), ('median', np.median)):
            for method in ('percentile', 'BCa'):
                r = stats.bootstrap((x,), fn, n_resamples=20000, method=method, confidence_level=0.95, rng=np.random.default_rng(1))
                boot.append({'name': name, 'data': f(x), 'statistic': stat_name, 'method': method.lower(),
                             'low': float(r.confidence_interval.low), 'high': float(r.confidence_interval.high), 'standardError': float(r.standard_error)})
    write('bootstrap', {'cases': boot})


if __name__ == '__main__':
    main()
