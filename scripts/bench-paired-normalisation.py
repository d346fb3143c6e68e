#!/usr/bin/env python3
"""How far a paired (--against) comparison's ratio is from the truth, raw and divided by each side's
median calibration figure, over the shard reports the 3-shard merge test leaves behind
(tests/report-merge-bench-canary.test.ts: files a and c unchanged, b 10x slower).

Usage: python3 scripts/bench-paired-normalisation.py [/tmp/gauntlet-merge-bench-*]
A repetition's location is read off its 28-point sketch at the 10th percentile (nearest point)."""
import glob, json, math, os, statistics as st, sys

dirs = sys.argv[1:] or sorted(glob.glob('/tmp/gauntlet-merge-bench-*'))
p10 = lambda q: q[int(round(0.1 * (len(q) - 1)))]
gm = lambda v: math.exp(sum(map(math.log, v)) / len(v))
raw_err, div_err = [], []
for d in dirs:
    for s in ('s1', 's2', 's3'):
        f = os.path.join(d, s, 'gauntlet.json')
        if not os.path.exists(f):
            continue
        for suite in json.load(open(f))['suites']:
            part = suite.get('shardPart')
            if suite['kind'] != 'bench' or not part:
                continue
            for pair in [x['pair'] for x in part['data']['pairs']] + part['data'].get('reruns', []):
                head, base = pair['m']['reps'], pair['base']
                truth = 10 if pair['m']['id'].startswith('b') else 1
                raw = gm([p10(r['q']) for r in head]) / gm([p10(r['q']) for r in base])
                div = raw * st.median(r['cal'] for r in base) / st.median(r['cal'] for r in head)
                raw_err.append(abs(math.log(raw / truth)))
                div_err.append(abs(math.log(div / truth)))
if not raw_err:
    sys.exit('no shard reports found')
pct = lambda x: f'{(math.exp(x) - 1) * 100:.1f}%'
print(f'{len(raw_err)} paired comparisons from {len(dirs)} run(s)')
print(f'raw:     mean error {pct(st.mean(raw_err))}, largest {pct(max(raw_err))}')
print(f'divided: mean error {pct(st.mean(div_err))}, largest {pct(max(div_err))}')
