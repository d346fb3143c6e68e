#!/usr/bin/env bash
# Wall time of `npx gauntlet run drift` in one or more checkouts, run alternately (A B A B ...) so they
# share the machine's load; per run the command's wall time and the drift suite's own durationMs (from
# the JSON report) and the CPU time of the command's whole process tree (user + system), then the medians
# (docs/calibration/main-job-time.md).
# Usage: scripts/drift-suite-time.sh RUNS CHECKOUT [CHECKOUT...]
set -euo pipefail
runs=$1
shift
reports=$(mktemp -d)
trap 'rm -rf "$reports"' EXIT
declare -A walls suites cpus
for ((i = 1; i <= runs; i++)); do
  for dir in "$@"; do
    t0=$(date +%s%N)
    # GNU time: user + system CPU of the command and every process it waited for (the CLI, the run process).
    cpu=$(cd "$dir" && /usr/bin/time -f '%U %S' npx gauntlet run drift --no-history --reporter json \
      --reports "$reports" 2>&1 >/dev/null | tail -1 | awk '{printf "%d", ($1 + $2) * 1000}')
    wall=$((($(date +%s%N) - t0) / 1000000))
    suite=$(jq '.suites[] | select(.kind == "drift") | .durationMs' "$reports/gauntlet.json")
    walls[$dir]+="$wall "
    suites[$dir]+="$suite "
    cpus[$dir]+="$cpu "
    echo "$dir run $i: command ${wall} ms, drift suite ${suite} ms, CPU ${cpu} ms"
  done
done
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}'; }
for dir in "$@"; do
  echo "$dir: median command $(echo "${walls[$dir]}" | median) ms, drift suite $(echo "${suites[$dir]}" | median) ms, CPU $(echo "${cpus[$dir]}" | median) ms (runs: ${walls[$dir]}/ ${suites[$dir]}/ ${cpus[$dir]})"
done
