#!/usr/bin/env bash
# The gauntlet GitHub Action's work (action.yml at the repository root calls this; a test runs it
# locally). Inputs arrive as GAUNTLET_* environment variables, set by action.yml from `inputs`.
#   GAUNTLET_COMMAND   run | merge | comment
#   GAUNTLET_SUITES    space-separated suite names or kinds (run; empty: all)
#   GAUNTLET_REPORTERS comma-separated reporters
#   GAUNTLET_AGAINST   auto | stored | <git ref>   (run: what the bench suites compare with)
#   GAUNTLET_SHARD     i/n or empty (run)
#   GAUNTLET_REPORT_DIR shard reports (merge) or the downloaded report artifact (comment)
#   GAUNTLET_PR_NUMBER, GAUNTLET_BASE_SHA   from the pull_request event (empty on pushes)
#   GAUNTLET_HEAD_SHA, GAUNTLET_RUN_ID      from the workflow_run event (comment)
#   GAUNTLET_COMMENT_ARTIFACT true | false  record the PR number next to the report
#   GAUNTLET_ARTIFACT_NAME  default gauntlet-report, or gauntlet-shard-<i> for a shard
#   GAUNTLET_HISTORY_DIR    run, merge: a checkout of the history branch, imported (read only) for trends
set -uo pipefail

command="${GAUNTLET_COMMAND:-run}"
reporters="${GAUNTLET_REPORTERS:-console,json,junit,github}"
reports="${GAUNTLET_REPORTS:-reports}"
gauntlet=(npx --no-install gauntlet)

output() { if [ -n "${GITHUB_OUTPUT:-}" ]; then printf '%s=%s\n' "$1" "$2" >> "$GITHUB_OUTPUT"; fi; }

case "$command" in
  run)
    args=(run)
    # Suite names are split into words on purpose; gauntlet checks each against the config.
    # shellcheck disable=SC2206
    [ -n "${GAUNTLET_SUITES:-}" ] && args+=(${GAUNTLET_SUITES})
    args+=(--reporter "$reporters" --reports "$reports")
    [ -n "${GAUNTLET_SHARD:-}" ] && args+=(--shard "$GAUNTLET_SHARD")
    against="${GAUNTLET_AGAINST:-auto}"
    # auto: a pull request compares with its base commit, a push with the stored baseline.
    if [ "$against" = auto ]; then against="${GAUNTLET_BASE_SHA:-}"; fi
    if [ "$against" = stored ]; then against=''; fi
    if [ -n "$against" ]; then
      # The base commit must be in the clone for the bench suites' temporary worktree.
      git cat-file -e "$against^{commit}" 2>/dev/null || git fetch --no-tags --depth=1 origin "$against" >/dev/null 2>&1 || true
      args+=(--against "$against")
    fi
    ;;
  merge)
    args=(report merge "${GAUNTLET_REPORT_DIR:-shards}" --reporter "$reporters" --reports "$reports")
    ;;
  comment)
    dir="${GAUNTLET_REPORT_DIR:-pr-report}"
    if [ ! -f "$dir/gauntlet.json" ]; then echo "no report in $dir: nothing to comment"; exit 0; fi
    # The PR number comes from the artifact (untrusted): digits only, and gauntlet only comments if
    # that pull request's head is still the commit the run tested.
    pr="$(tr -cd '0-9' < "$dir/pr-number.txt" 2>/dev/null | head -c 10)"
    if [ -z "$pr" ]; then echo "no pull request number in the report artifact"; exit 0; fi
    args=(report comment "$dir/gauntlet.json" --pr "$pr")
    [ -n "${GAUNTLET_HEAD_SHA:-}" ] && args+=(--head-sha "$GAUNTLET_HEAD_SHA")
    [ -n "${GAUNTLET_RUN_ID:-}" ] && args+=(--run-id "$GAUNTLET_RUN_ID")
    ;;
  *)
    echo "gauntlet action: command must be run, merge or comment, got '$command'" >&2
    exit 2
    ;;
esac

# Trends from the history branch: imported into the local store (a file of this job, never pushed).
# The run or merge only reads it: in CI gauntlet writes history only when asked (--history, history record).
history_dir="${GAUNTLET_HISTORY_DIR:-}"
if [ -n "$history_dir" ] && [ "$command" != comment ]; then
  if [ -d "$history_dir" ]; then
    "${gauntlet[@]}" history import "$history_dir" || echo "::warning::gauntlet: the history in $history_dir could not be imported: no trends"
  else
    echo "no history checkout at $history_dir: no trends"
  fi
fi

echo "::group::npx gauntlet ${args[*]}"
echo "npx gauntlet ${args[*]}"
echo "::endgroup::"
"${gauntlet[@]}" "${args[@]}"
code=$?

if [ "$command" != comment ]; then
  output report "$reports/gauntlet.json"
  if [ -f "$reports/gauntlet.json" ]; then
    output verdict "$(node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).verdict)' "$reports/gauntlet.json")"
  fi
  name="${GAUNTLET_ARTIFACT_NAME:-}"
  if [ -z "$name" ]; then
    if [ -n "${GAUNTLET_SHARD:-}" ] && [ "$command" = run ]; then name="gauntlet-shard-${GAUNTLET_SHARD%%/*}"; else name=gauntlet-report; fi
  fi
  output artifact-name "$name"
  if [ "${GAUNTLET_COMMENT_ARTIFACT:-false}" = true ] && [ -n "${GAUNTLET_PR_NUMBER:-}" ]; then
    mkdir -p "$reports" && printf '%s\n' "$GAUNTLET_PR_NUMBER" > "$reports/pr-number.txt"
  fi
fi
output exit-code "$code"
exit "$code"
