#!/bin/sh
# The history page and its API under load: wrk cycles through the page,
# its scripts and year-long API queries on loopback for 10 s, with no
# errors, while the daemon keeps sampling at its interval (its own sample
# count on /api/v1/live).
. "$NLG_LIB"
. "$NLG_DAEMON_LIB"
require_root
command -v wrk >/dev/null || skip "needs wrk (scripts/setup.sh installs it)"
command -v curl >/dev/null || skip "needs curl"
command -v nsenter >/dev/null || skip "needs nsenter"
NLG_TMP=$(mktemp -d /tmp/nlg-wl.XXXXXX)
trap cleanup EXIT
trap 'exit 1' INT TERM
A=nlg-wl$$a
ns_new "$A"
PORT=9753
INTERVAL_MS=1000
conf "$NLG_TMP/d.conf" interval=${INTERVAL_MS}ms flush_interval=2s apps=yes port=$PORT
daemon_start "$A" "$NLG_TMP/h.db" "$NLG_TMP/d.conf"

samples() {
	ip netns exec "$A" curl -sf "http://127.0.0.1:$PORT/api/v1/live" | jq -r .samples
}
n=0
until [ -n "$(samples 2>/dev/null)" ]; do
	n=$((n + 1))
	[ "$n" -lt 50 ] || fail "no samples on /api/v1/live: $(cat "$NLG_TMP/daemon.log")"
	sleep 0.1
done
sleep 2.5 # a flush, so that the history has rows to read
s0=$(samples)
t0=$(date +%s%N)
ip netns exec "$A" wrk -t2 -c16 -d10s -s "$(dirname "$0")/web_paths.lua" \
	"http://127.0.0.1:$PORT" > "$NLG_TMP/wrk" 2>&1 || fail "wrk: $(cat "$NLG_TMP/wrk")"
s1=$(samples)
t1=$(date +%s%N)
sed 's/^/  /' "$NLG_TMP/wrk"
grep -q "Socket errors" "$NLG_TMP/wrk" && fail "socket errors under load"
grep -q "Non-2xx" "$NLG_TMP/wrk" && fail "HTTP errors under load"
reqs=$(awk '/requests in/ { print $1 }' "$NLG_TMP/wrk")
[ "${reqs:-0}" -gt 100 ] || fail "only ${reqs:-0} requests served"
ok "$reqs page and API requests in 10 s, no errors"

want=$(( (t1 - t0) / 1000000 / INTERVAL_MS ))
got=$((s1 - s0))
echo "  samples during the load: $got (interval ${INTERVAL_MS} ms over $(( (t1 - t0) / 1000000 )) ms: $want)"
[ "$got" -ge $((want * 9 / 10 - 1)) ] || fail "sampling fell behind under load: $got of $want"
[ "$got" -le $((want + 2)) ] || fail "more samples than the interval allows: $got of $want"
ok "sampling interval held under load"
daemon_stop
