#!/bin/sh
# The history page in headless Chromium: two programs send known traffic
# in two different minutes; the page's timeline has the recorded points, a
# drag across the second minute lists the second program with the bytes
# `netledger history --apps` gives for that range and not the first, the
# URL reopens the same table, the live panel moves, and a program named
# with HTML shows as text without running anything. Screenshots go to
# $NLG_SHOTS. Skips (77) without root, chromium, node or puppeteer-core.
. "$NLG_LIB"
. "$NLG_DAEMON_LIB"
require_root
command -v nsenter >/dev/null || skip "needs nsenter"
command -v node >/dev/null || skip "needs node (scripts/setup.sh installs it)"
[ -x /usr/bin/chromium ] || skip "needs /usr/bin/chromium (scripts/setup.sh installs it)"
[ -d "$NLG_PUPPETEER" ] || skip "needs puppeteer-core in $NLG_PUPPETEER (scripts/setup.sh)"

A=nlg-wb$$a
B=nlg-wb$$b
ns_pair "$A" wb0 10.213.0.1/24 "$B" wb1 10.213.0.2/24
PORT=9753
# Its own namespace only: as root it would record every one, other tests'
# running beside this one among them.
conf "$NLG_TMP/d.conf" interval=1s apps_interval=1s flush_interval=1s port=$PORT netns=current
daemon_start "$A" "$NLG_TMP/h.db" "$NLG_TMP/d.conf"

# Two programs, told apart by their executables' names; the first is named
# with HTML.
mkdir -p "$NLG_TMP/bin"
FIRST='<img src=x onerror=alert(1)>'
cp "$NLG_TRAFFIC" "$NLG_TMP/bin/$FIRST"
cp "$NLG_TRAFFIC" "$NLG_TMP/bin/nlg-second"
sink_start "$B" 10.213.0.2 7400 "$NLG_TMP/sink" --timeout 200

# send PROGRAM BYTES: one connection from namespace A, the process kept
# alive two samples after its last byte. Started by timeout (a launcher),
# so that the program is an app of its own rather than part of this
# script's process tree.
send() {
	nsenter --net="/run/netns/$A" timeout 40 "$NLG_TMP/bin/$1" send 10.213.0.2 7400 "$2" \
		--linger 2 --timeout 30 || fail "$1 did not send"
}
# next_minute: sleeps into the first seconds of the next minute; prints it.
next_minute() {
	now=$(date +%s)
	m=$(( (now / 60 + 1) * 60 ))
	sleep $((m - now + 1))
	echo "$m"
}
n=0
until ip netns exec "$A" curl -sf "http://127.0.0.1:$PORT/api/v1/live" >/dev/null; do
	n=$((n + 1))
	[ "$n" -lt 50 ] || fail "the daemon does not answer: $(cat "$NLG_TMP/daemon.log")"
	sleep 0.1
done
M1=$(next_minute)
send "$FIRST" 3000000
M2=$(next_minute)
send nlg-second 5000000
sleep 3
echo "  transfers in the minutes starting $M1 and $M2"

# The API refuses what it does not know, with a JSON error.
for q in "series?iface=nope" "series?since=20&until=10" "apps?since=0&until=9999999999999" \
	"apps?junk=1" "series?res=second"; do
	code=$(ip netns exec "$A" curl -s -o "$NLG_TMP/err" -w '%{http_code}' "http://127.0.0.1:$PORT/api/v1/$q")
	[ "$code" = 400 ] && jq -e .error "$NLG_TMP/err" >/dev/null ||
		fail "/api/v1/$q: $code $(cat "$NLG_TMP/err")"
done
ok "bad API requests get 400 with a JSON error"

mkdir -p "$NLG_SHOTS"
NLG_URL="http://127.0.0.1:$PORT" NLG_DB="$NLG_TMP/h.db" NLG_M1=$M1 NLG_M2=$M2 \
NLG_FIRST="$FIRST" NLG_SECOND=nlg-second NLG_PROFILE="$NLG_TMP/profile" \
	nsenter --net="/run/netns/$A" timeout 150 node "$(dirname "$0")/web_browser.cjs" ||
	fail "the browser checks failed (daemon log: $(tail -n 3 "$NLG_TMP/daemon.log"))"
daemon_stop
