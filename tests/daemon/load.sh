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
sed 's/^/  /' "$NLG_TMP/wrk"
grep -q "Socket errors" "$NLG_TMP/wrk" && fail "socket errors under load"
grep -q "Non-2xx" "$NLG_TMP/wrk" && fail "HTTP errors under load"
reqs=$(awk '/requests in/ { print $1 }' "$NLG_TMP/wrk")
[ "${reqs:-0}" -gt 100 ] || fail "only ${reqs:-0} requests served"
ok "$reqs requests in 10 s, no errors"

want=$(( (t1 - t0) / 1000000 / INTERVAL_MS ))
got=$((s1 - s0))
echo "  samples during the load: $got (interval ${INTERVAL_MS} ms over $(( (t1 - t0) / 1000000 )) ms: $want)"
[ "$got" -ge $((want * 9 / 10 - 1)) ] || fail "sampling fell behind under load: $got of $want"
[ "$got" -le $((want + 2)) ] || fail "more samples than the interval allows: $got of $want"
ok "sampling interval held under load"
daemon_stop
