"""Generate the canary judge's scipy reference fixture (run once; output committed).

A realistic export pair: latency in whole milliseconds (so there are many ties), tokens, and a 0/1
error column. Expected values come from scipy.stats.mannwhitneyu (two-sided, asymptotic with tie and
continuity correction) and scipy.stats.fisher_exact, and the Hodges-Lehmann estimate from numpy.

    python3 scripts/canary-fixture.py
"""
import json
import os
import numpy as np
from scipy import stats

out = os.path.join(os.path.dirname(__file__), '..', 'harness', 'canary', '__fixtures__')
rng = np.random.default_rng(20261121)
n_b, n_c = 400, 380
baseline = {
    'latency_ms': np.round(rng.lognormal(np.log(180), 0.35, n_b)).astype(int).tolist(),
    'tokens': rng.poisson(420, n_b).astype(int).tolist(),
    'error': (rng.random(n_b) < 0.01).astype(int).tolist(),
}
canary = {
    'latency_ms': np.round(rng.lognormal(np.log(189), 0.35, n_c)).astype(int).tolist(),
    'tokens': rng.poisson(421, n_c).astype(int).tolist(),
    'error': (rng.random(n_c) < 0.04).astype(int).tolist(),
}
expected = {}
for name in ['latency_ms', 'tokens']:
    c, b = np.array(canary[name], float), np.array(baseline[name], float)
    r = stats.mannwhitneyu(c, b, alternative='two-sided', method='asymptotic', use_continuity=True)
    expected[name] = {
        'pValue': float(r.pvalue),
        'u1': float(r.statistic),
        'hodgesLehmann': float(np.median(np.subtract.outer(c, b))),
    }
eb, ec = sum(baseline['error']), sum(canary['error'])
expected['error'] = {
    'pValue': float(stats.fisher_exact([[ec, n_c - ec], [eb, n_b - eb]], alternative='two-sided')[1]),
}
with open(os.path.join(out, 'export-baseline.json'), 'w') as f:
    json.dump(baseline, f)
with open(os.path.join(out, 'export-canary.json'), 'w') as f:
    json.dump(canary, f)
with open(os.path.join(out, 'export-canary.csv'), 'w') as f:
    names = list(canary)
    f.write(','.join(names) + '\n')
    for i in range(n_c):
        f.write(','.join(str(canary[k][i]) for k in names) + '\n')
with open(os.path.join(out, 'scipy-expected.json'), 'w') as f:
    json.dump({'scipy': __import__('scipy').__version__, 'metrics': expected}, f, indent=2)
    f.write('\n')
print(json.dumps(expected, indent=2))
