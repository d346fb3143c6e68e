#!/usr/bin/env python3
"""One line per run from the JSON reports scripts/bench-suite-runs.sh copies (OUT.runN.json):
the bench suite's time, verdict, calibration figure, each wall-clock benchmark's verdict, ratio and
upper bound, and the time of each step (phase_<step>_ms).
  python3 scripts/bench-suite-summary.py /tmp/s7/after.md.run*.json"""
import json
import sys

print('| report | suite s | verdict | calibration ms | wall-clock checks (verdict ratio upper) | steps (s) |')
print('| --- | --- | --- | --- | --- | --- |')
for f in sys.argv[1:]:
    s = json.load(open(f))['suites'][0]
    m = s['metrics']
    wall = [c for c in s['checks'] if c['name'].startswith('llm-client')]
    checks = '; '.join(f"{c['verdict']} {c['metrics'].get('ratio', 0):.2f} {c['metrics'].get('ratio_upper', 0):.2f}" for c in wall)
    steps = ', '.join(f"{k[6:-3]} {v / 1000:.1f}" for k, v in m.items() if k.startswith('phase_') and k.endswith('_ms') and v >= 50)
    print(f"| {f.split('/')[-1]} | {s['durationMs'] / 1000:.1f} | {s['verdict']} | {m.get('calibration_ms')} | {checks} | {steps} |")
