#!/usr/bin/env bash
# What the drift suite decides and writes, without its timings, for comparing two versions of the code
# (docs/calibration/main-job-time.md): runs `gauntlet run drift --seed N` and writes to OUT
#   suite.json          the JSON report's drift suite with every duration/wall-time field removed
#   <scenario-seedN>/   each dashboard's Grafana JSON, its HTML (generation time blanked), and the
#                       metrics store as a SQL dump (`sqlite3 .dump`: every row, in id order)
# Usage: scripts/drift-snapshot.sh SEED OUT   then   diff -r OUT_BEFORE OUT_AFTER
set -euo pipefail
seed=$1
out=$(realpath -m "$2")
root=$(cd "$(dirname "$0")/.." && pwd)
reports=$(mktemp -d)
trap 'rm -rf "$reports"' EXIT
rm -rf "$out" "$root/reports/dashboards"
mkdir -p "$out"
(cd "$root" && npx gauntlet run drift --seed "$seed" --no-history --reporter json --reports "$reports" >/dev/null)
jq '.suites[] | select(.kind == "drift") | del(.. | .durationMs?, .wall_ms_max?, .wallMs?)' \
  "$reports/gauntlet.json" >"$out/suite.json"
for d in "$root"/reports/dashboards/*/; do
  name=$(basename "$d")
  mkdir -p "$out/$name"
  cp "$d"/*.grafana.json "$out/$name/"
  for h in "$d"/*.html; do
    sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z/<time>/g' "$h" >"$out/$name/$(basename "$h")"
  done
  sqlite3 "$d/metrics.sqlite" .dump >"$out/$name/metrics.sql"
done
