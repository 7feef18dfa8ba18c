#!/bin/sh
# /metrics under load: wrk on loopback for 10 s gets no errors, and the
# daemon keeps sampling at its interval meanwhile (its own sample count).
. "$NLG_LIB"
. "$NLG_DAEMON_LIB"
require_root
need wrk
need curl
need nsenter
A=nlg-dl$$a
ns_new "$A"
PORT=9753
INTERVAL_MS=1000
conf "$NLG_TMP/d.conf" interval=${INTERVAL_MS}ms flush_interval=2s apps=yes port=$PORT
daemon_start "$A" "$NLG_TMP/h.db" "$NLG_TMP/d.conf"

samples() {
	ip netns exec "$A" curl -sf "http://127.0.0.1:$PORT/metrics" |
		awk '$1 == "netledger_samples_total" { print $2 }'
}
n=0
until [ -n "$(samples)" ]; do
	n=$((n + 1))
	[ "$n" -lt 50 ] || fail "no samples on /metrics: $(cat "$NLG_TMP/daemon.log")"
	sleep 0.1
done
s0=$(samples)
t0=$(date +%s%N)
ip netns exec "$A" wrk -t2 -c16 -d10s "http://127.0.0.1:$PORT/metrics" > "$NLG_TMP/wrk" 2>&1 ||
	fail "wrk: $(cat "$NLG_TMP/wrk")"
s1=$(samples)
t1=$(date +%s%N)
wrk_ok "$NLG_TMP/wrk"
ok "$REQS requests in 10 s, no errors"
samples_held "$s0" "$s1" "$t0" "$t1" "$INTERVAL_MS"
daemon_stop
