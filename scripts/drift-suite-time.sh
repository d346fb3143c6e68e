#!/usr/bin/env bash
# Wall time of `npx gauntlet run drift` in one or more checkouts, run alternately (A B A B ...) so they
# share the machine's load; per run the command's wall time and the drift suite's own durationMs (from
# the JSON report), then the medians (docs/calibration/main-job-time.md).
# Usage: scripts/drift-suite-time.sh RUNS CHECKOUT [CHECKOUT...]
set -euo pipefail
runs=$1
shift
reports=$(mktemp -d)
trap 'rm -rf "$reports"' EXIT
declare -A walls suites
for ((i = 1; i <= runs; i++)); do
  for dir in "$@"; do
    t0=$(date +%s%N)
    (cd "$dir" && npx gauntlet run drift --no-history --reporter json --reports "$reports" >/dev/null)
    wall=$((($(date +%s%N) - t0) / 1000000))
    suite=$(jq '.suites[] | select(.kind == "drift") | .durationMs' "$reports/gauntlet.json")
    walls[$dir]+="$wall "
    suites[$dir]+="$suite "
    echo "$dir run $i: command ${wall} ms, drift suite ${suite} ms"
  done
done
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}'; }
for dir in "$@"; do
  echo "$dir: median command $(echo "${walls[$dir]}" | median) ms, median drift suite $(echo "${suites[$dir]}" | median) ms (runs: ${walls[$dir]}/ ${suites[$dir]})"
done
