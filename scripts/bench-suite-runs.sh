#!/usr/bin/env bash
# The bench suite's wall time and verdicts over N runs of `npx gauntlet bench` in a checkout (a fresh
# clone of main), against its committed baselines/bench.json; one line per run, plus each run's JSON
# report copied beside OUT. Take the measurement lock around it (docs/notes PROTOCOL):
#   flock /tmp/gauntlet-measure.lock scripts/bench-suite-runs.sh /tmp/clone 5 /tmp/out.md
set -u
dir=${1:?checkout}; runs=${2:-5}; out=${3:-/dev/stdout}
cd "$dir" || exit 2
echo "# $(date -u +%FT%TZ) $(git log --oneline -1 | cut -c1-60); nproc $(nproc)" >>"$out"
for i in $(seq 1 "$runs"); do
  up=$(uptime | sed 's/.*load average: //')
  t0=$(date +%s.%N)
  npx gauntlet bench >"$out.run$i.txt" 2>&1
  rc=$?
  t1=$(date +%s.%N)
  cp reports/gauntlet.json "$out.run$i.json" 2>/dev/null
  warns=$(grep -cE '^\s*WARN ' "$out.run$i.txt")
  fails=$(grep -cE '^\s*FAIL ' "$out.run$i.txt")
  printf 'run %d: %.1f s, exit %d, WARN lines %d, FAIL lines %d, load before %s\n' "$i" "$(echo "$t1 - $t0" | bc)" "$rc" "$warns" "$fails" "$up" >>"$out"
done
