#!/bin/sh
# The history page and its API under load: wrk cycles through the page,
# its scripts and year-long API queries on loopback for 10 s, with no
# errors, while the daemon keeps sampling at its interval (its own sample
# count on /api/v1/live).
. "$NLG_LIB"
. "$NLG_DAEMON_LIB"
require_root
need wrk curl
A=nlg-wl$$a
ns_new "$A"
PORT=9753
INTERVAL_MS=1000
conf "$NLG_TMP/d.conf" interval=${INTERVAL_MS}ms flush_interval=2s apps=yes port=$PORT
daemon_start "$A" "$NLG_TMP/h.db" "$NLG_TMP/d.conf"

samples() {
	ip netns exec "$A" curl -sf "http://127.0.0.1:$PORT/api/v1/live" | jq -r .samples
}
samples_wait
sleep 2.5 # a flush, so that the history has rows to read
load_held "$A" "page and API" "$INTERVAL_MS" -s "$(dirname "$0")/web_paths.lua" "http://127.0.0.1:$PORT"
daemon_stop
