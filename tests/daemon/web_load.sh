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
wrk_ok "$NLG_TMP/wrk"
ok "$REQS page and API requests in 10 s, no errors"
samples_held "$s0" "$s1" "$t0" "$t1" "$INTERVAL_MS"
daemon_stop
