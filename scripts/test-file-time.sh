#!/bin/sh
# Wall time and CPU time (user + sys of vitest and every process it started) of test files, one
# `vitest run` each, with the load beside it. Not a measurement to take under the measurement lock:
#   nice -n 19 sh scripts/test-file-time.sh tests/report-merge.test.ts tests/bench-cli.test.ts
for f in "$@"; do
  echo "$f ($(uptime | sed 's/.*load average/load average/'))"
  /usr/bin/time -f "  %e s wall, %U s user, %S s sys" npx vitest run "$f" 2>&1 | grep -E "Tests |s wall"
done
