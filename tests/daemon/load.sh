#!/bin/sh
# /metrics under load: wrk on loopback for 10 s gets no errors, and the
# daemon keeps sampling at its interval meanwhile (its own sample count).
. "$NLG_LIB"
. "$NLG_DAEMON_LIB"
require_root
need wrk curl
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
samples_wait
load_held "$A" /metrics "$INTERVAL_MS" "http://127.0.0.1:$PORT/metrics"
daemon_stop
