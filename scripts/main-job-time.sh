#!/usr/bin/env bash
# The main job's time on a fresh clone: clones REF (default: main) of the repository this script is
# in, links its node_modules (npm ci is not timed), and runs `npx gauntlet run` N times; one line per
# run with the host probe before it, the 1-minute load, exit code, wall time and each suite's time
# from reports/gauntlet.json. With a second ref, clones both and alternates (REF, REF2, REF, ...: a
# before/after comparison under the same host noise). Take the measurement lock around it (two cores
# are shared):
#   flock /tmp/gauntlet-measure.lock scripts/main-job-time.sh 3 main
#   flock /tmp/gauntlet-measure.lock scripts/main-job-time.sh 3 main~1 main
set -u
runs=${1:-3}; refs=("${2:-main}"); [ -n "${3:-}" ] && refs+=("$3")
repo=$(cd "$(dirname "$0")/.." && pwd)
dirs=()
for ref in "${refs[@]}"; do
  dir=$(mktemp -d /tmp/main-job-XXXXXX)
  git clone -q "$repo" "$dir" && git -C "$dir" checkout -q "$ref" || exit 2
  ln -s "$repo/node_modules" "$dir/node_modules"
  echo "# $(date -u +%FT%TZ) $ref = $(git -C "$dir" log --oneline -1 | cut -c1-60); nproc $(nproc); clone $dir"
  dirs+=("$dir")
done
for i in $(seq 1 "$runs"); do
  for k in "${!dirs[@]}"; do
    cd "${dirs[$k]}" || exit 2
    probe=$(node "$repo/scripts/host-probe.mjs")
    load=$(cut -d' ' -f1 /proc/loadavg)
    t0=$(date +%s.%N)
    npx gauntlet run >"run$i.txt" 2>&1
    rc=$?
    t1=$(date +%s.%N)
    suites=$(node -e '
      const r = JSON.parse(require("fs").readFileSync("reports/gauntlet.json", "utf8"));
      const by = {};
      for (const s of r.suites) by[s.kind] = (by[s.kind] ?? 0) + s.durationMs / 1000;
      console.log(r.verdict + "; run " + (r.durationMs / 1000).toFixed(1) + " s; " +
        Object.entries(by).map(([k, v]) => k + " " + v.toFixed(1)).join(", "));' 2>/dev/null)
    printf '%s run %d: %.1f s wall, exit %d, load %s -> %s; %s\n  probe: %s\n' "${refs[$k]}" "$i" \
      "$(echo "$t1 - $t0" | bc)" "$rc" "$load" "$(cut -d' ' -f1 /proc/loadavg)" "$suites" "$probe"
  done
done
