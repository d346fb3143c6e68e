#!/usr/bin/env bash
# The bench suite's time on fresh clones, before/after: clones each REF of the repository this script
# is in (node_modules linked, npm ci not timed) and runs `npx gauntlet bench [ARGS]` N times per ref,
# alternated (ref1, ref2, ref1, ...); one line per run: the host probe, the 1-minute load, exit code,
# wall time, and the suite's phase metrics from reports/gauntlet.json. Take the measurement lock:
#   flock /tmp/gauntlet-measure.lock scripts/bench-time.sh 3 "main~1 main" [-- gauntlet bench args]
set -u
runs=${1:-3}; refs=${2:-main}; shift $(($# < 2 ? $# : 2)); [ "${1:-}" = "--" ] && shift
repo=$(cd "$(dirname "$0")/.." && pwd)
declare -A dirs
for ref in $refs; do
  d=$(mktemp -d /tmp/bench-time-XXXXXX)
  git clone -q "$repo" "$d" && git -C "$d" checkout -q "$ref" || exit 2
  ln -s "$repo/node_modules" "$d/node_modules"
  dirs[$ref]=$d
  echo "# $ref = $(git -C "$d" log --oneline -1 | cut -c1-70); clone $d"
done
echo "# $(date -u +%FT%TZ) nproc $(nproc); args: bench $*"
for i in $(seq 1 "$runs"); do
  for ref in $refs; do
    cd "${dirs[$ref]}" || exit 2
    probe=$(node "$repo/scripts/host-probe.mjs")
    load=$(cut -d' ' -f1 /proc/loadavg)
    t0=$(date +%s.%N)
    npx gauntlet bench "$@" >"run-$i.txt" 2>&1
    rc=$?
    t1=$(date +%s.%N)
    phases=$(node -e '
      const r = JSON.parse(require("fs").readFileSync("reports/gauntlet.json", "utf8"));
      const s = r.suites[0]; const m = s.metrics ?? {};
      console.log(r.verdict + "; suite " + (s.durationMs / 1000).toFixed(1) + " s; " +
        Object.entries(m).filter(([k]) => k.startsWith("phase_")).map(([k, v]) =>
          k.replace("phase_", "") + " " + (k.endsWith("_ms") ? (v / 1000).toFixed(1) : v)).join(", "));' 2>/dev/null)
    printf '%s run %d: %.1f s wall, exit %d, load %s -> %s; %s\n  probe: %s\n' "$ref" "$i" "$(echo "$t1 - $t0" | bc)" \
      "$rc" "$load" "$(cut -d' ' -f1 /proc/loadavg)" "$phases" "$probe"
  done
done
