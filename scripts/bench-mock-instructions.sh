#!/usr/bin/env bash
# Instructions per request of `gauntlet mock-llm` and of the bare node:http server returning the same
# bytes (scripts/bench-bare-server.ts), each under valgrind's callgrind: a count that does not depend on
# the machine's load (docs/calibration/mock.md, "Session 5"). Each server runs `node --single-threaded`
# (compiler and GC on the main thread, so they are counted), gets WARM requests uncounted, then N
# counted ones (instrumentation switched on and off with callgrind_control around them); autocannon
# (10 connections) drives it. The split: V8's garbage collector, its compilers, and the rest (the
# steady work of a request). Needs the Debian package valgrind; run it `nice -n 19`, one at a time.
# A third row, bare+parse, is the bare server that also reads and JSON.parses each body (a side
# yardstick: the least a server honouring a JSON body does). SERVERS picks the rows (default all three).
# Usage: [SERVERS="mock bare parse"] scripts/bench-mock-instructions.sh [messages|chat-json|chat-sse|responses] [WARM=15000] [N=5000]
set -euo pipefail
cd "$(dirname "$0")/.."
W=${1:-messages}
WARM=${2:-15000}
N=${3:-5000}
case $W in
messages) P=/v1/messages B='{"model":"claude-3-5-haiku","max_tokens":64,"messages":[{"role":"user","content":"hello"}],"stream":true}' ;;
chat-json) P=/v1/chat/completions B='{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hello"}]}' ;;
chat-sse) P=/v1/chat/completions B='{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hello"}],"stream":true}' ;;
responses) P=/v1/responses B='{"model":"gpt-4o-mini","input":"hello","stream":true}' ;;
*) echo "unknown workload $W" >&2 && exit 2 ;;
esac
command -v valgrind > /dev/null || { echo "valgrind is not installed (Debian package valgrind)" >&2 && exit 2; }
D=$(mktemp -d /tmp/gauntlet-mock-instructions-XXXXXX)

# The mock's answer to this request, for the bare server to send.
node bin/gauntlet.js mock-llm --port 0 > "$D/sample.out" 2>&1 &
PID=$!
until grep -qs listening "$D/sample.out"; do sleep 0.2; done
URL=$(grep -o 'http://[^ ]*' "$D/sample.out")
curl -s -D "$D/headers" -o "$D/sample.bin" -X POST -H 'content-type: application/json' -d "$B" "$URL$P"
kill $PID
wait $PID 2> /dev/null || true
CT=$(grep -i '^content-type' "$D/headers" | cut -d' ' -f2 | tr -d '\r')

drive() {
  node -e "import('autocannon').then(async ({ default: a }) => {
    const r = await a({ url: process.argv[1], method: 'POST', body: process.argv[2], headers: { 'content-type': 'application/json', authorization: 'Bearer k' }, connections: 10, amount: Number(process.argv[3]), timeout: 60 });
    if (r.non2xx || r.errors) throw new Error('autocannon saw ' + r.non2xx + ' non-2xx and ' + r.errors + ' errors');
  })" "$1" "$B" "$2"
}

count() { # name, node arguments...
  local name=$1
  shift
  valgrind --tool=callgrind --instr-atstart=no --dump-instr=no --cache-sim=no \
    --callgrind-out-file="$D/$name.cg" --quiet node --single-threaded "$@" > "$D/$name.out" 2>&1 &
  local vp=$!
  until grep -qs listening "$D/$name.out"; do sleep 1; done
  local url
  url=$(grep -o 'http://[^ ]*' "$D/$name.out")
  drive "$url$P" "$WARM"
  callgrind_control -i on $vp > /dev/null 2>&1
  drive "$url$P" "$N"
  callgrind_control -d $vp > /dev/null 2>&1
  kill $vp
  wait $vp 2> /dev/null || true
  callgrind_annotate --inclusive=no --threshold=100 "$D/$name.cg.1" 2> /dev/null |
    grep -E '^ *[0-9,]+ \(' | grep -v 'PROGRAM TOTALS' | tr -d ',' |
    awk -v n="$N" -v name="$name" '{
      ir = $1; $1 = ""; $2 = ""; total += ir
      if ($0 ~ /Mark|Sweep|Scaveng|Evacuat|Heap::|heap::|Marking/) gc += ir
      else if ($0 ~ /compiler::|[Mm]aglev|Turbo|Zone|interpreter::|BytecodeGen|Parser::|Scanner/) comp += ir
    } END { printf "| %s | %.0f | %.0f | %.0f | %.0f |\n", name, total / n, gc / n, comp / n, (total - gc - comp) / n }'
}

echo "$W: $WARM requests uncounted, then $N counted; instructions per request (valgrind $(valgrind --version | cut -d- -f2), Node $(node --version))"
echo
echo "| server | total | garbage collector | compilers | the rest |"
echo "|---|---|---|---|---|"
for s in ${SERVERS:-mock bare parse}; do
  case $s in
  mock) count mock bin/gauntlet.js mock-llm --port 0 ;;
  bare) count bare --import tsx scripts/bench-bare-server.ts "$D/sample.bin" "$CT" ;;
  parse) count bare+parse --import tsx scripts/bench-bare-server.ts "$D/sample.bin" "$CT" parse ;;
  *) echo "unknown server $s (mock, bare, parse)" >&2 && exit 2 ;;
  esac
done
rm -rf "$D"
