#!/bin/sh
# http_load.sh - 10 s of wrk against /metrics on loopback while the text is
# sampled, rendered and re-published 10 times a second: no socket errors,
# no non-2xx answers, and the publishing keeps its pace.
# Skips (77) when wrk is not installed.
set -u

SERVE=${NLG_PROMSERVE:?NLG_PROMSERVE must name nlg-promserve}
command -v wrk >/dev/null 2>&1 || { echo "SKIP: wrk is not installed"; exit 77; }

TMP=$(mktemp -d "/tmp/nlg-load-$$.XXXXXX") || exit 1
PID=""
cleanup() {
	[ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fail() { echo "FAIL: $*"; exit 1; }

# 14 s of publishing: wrk's 10 s fall inside them.
"$SERVE" --seconds 14 --hz 10 >"$TMP/serve.out" 2>"$TMP/serve.err" &
PID=$!
port=""
for _ in $(seq 50); do
	port=$(sed -n 's/^port \([0-9]*\)$/\1/p' "$TMP/serve.out")
	[ -n "$port" ] && break
	kill -0 "$PID" 2>/dev/null || break
	sleep 0.1
done
[ -n "$port" ] || fail "nlg-promserve did not start: $(cat "$TMP/serve.err")"

# wrk runs niced: on a small machine its own two busy threads would
# otherwise take the CPU that the server under test needs; the server still
# answers as fast as it can.
nice -n 10 wrk -t 2 -c 32 -d 10s --timeout 5s "http://127.0.0.1:$port/metrics" \
	>"$TMP/wrk.out" 2>&1 ||
	fail "wrk failed: $(cat "$TMP/wrk.out")"
wait "$PID"
rc=$?
PID=""
cat "$TMP/wrk.out"
cat "$TMP/serve.out"
[ "$rc" -eq 0 ] || fail "nlg-promserve exited with $rc: $(cat "$TMP/serve.err")"

grep -q "Socket errors" "$TMP/wrk.out" && fail "wrk saw socket errors"
grep -q "Non-2xx or 3xx responses" "$TMP/wrk.out" && fail "wrk saw non-2xx answers"
requests=$(sed -n 's/^ *\([0-9]*\) requests in .*/\1/p' "$TMP/wrk.out")
[ -n "$requests" ] && [ "$requests" -gt 0 ] || fail "wrk made no requests"

# Publishing keeps its pace: a publish never waits for the clients being
# served (it only swaps a pointer), and the load takes few sampling ticks.
# The server samples interfaces only, so that what is measured is the HTTP
# side and not the cost of looking at every new process on a busy machine
# (with --sockets, on a shared 2-core machine, that cost alone misses
# ticks at 10 Hz).
line=$(grep '^published ' "$TMP/serve.out" | tr -d ,) || fail "nlg-promserve printed no summary"
set -- $line
published=$2 due=$4 missed=$6 publish_ms=${10}
[ $((published + missed)) -eq "$due" ] || fail "published $published and missed $missed of $due"
[ $((missed * 10)) -le "$due" ] || fail "missed $missed of $due sampling ticks under load"
awk -v ms="$publish_ms" 'BEGIN { exit !(ms < 100) }' ||
	fail "a publish took $publish_ms ms (a whole tick)"
echo "ok - $requests requests in 10 s, no errors; published $published of $due, missed $missed"
