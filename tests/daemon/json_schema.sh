#!/bin/sh
# Every --json output validates against its schema in man/ (python3-
# jsonschema): ifaces, conns, apps and watch in a namespace with TCP and
# UDP traffic, with each documented option and the combinations that make
# sense; run; history in each of its modes (rows of one interface or all,
# per app) on a database netledgerd wrote; and the daemon's /api/v1/
# answers. Then hand-broken outputs (a required field removed, a number
# turned into a string) must fail, so that the schemas are known to bite.
. "$NLG_LIB"
. "$NLG_DAEMON_LIB"
require_root
need nsenter curl python3
python3 -c 'import jsonschema' 2>/dev/null || lacks "needs python3-jsonschema"
SCHEMAS=$(dirname "$NLG_LIB")/../../man
VALIDATE=$(dirname "$NLG_LIB")/../tools/json_validate.py

A=nlg-js$$a
B=nlg-js$$b
ns_pair "$A" ja 10.214.0.1/24 "$B" jb 10.214.0.2/24
PORT=9754
DB=$NLG_TMP/h.db
conf "$NLG_TMP/d.conf" interval=200ms apps_interval=200ms flush_interval=1s port=$PORT apps=yes \
	ebpf=off
sink_start "$B" 10.214.0.2 7600 "$NLG_TMP/sink" --timeout 120
# a second sink for the commands run while the first one is busy
sink_start "$B" 10.214.0.2 7601 "$NLG_TMP/sink2" --timeout 120
daemon_start "$A" "$DB" "$NLG_TMP/d.conf"
# A connection that stays busy for the whole test (at most 100 s), and UDP.
ip netns exec "$A" "$NLG_TRAFFIC" send 10.214.0.2 7600 100000000 --rate 1000000 --timeout 110 \
	> "$NLG_TMP/send.log" 2>&1 &
SENDER=$!
NLG_PIDS="$NLG_PIDS $SENDER"
ip netns exec "$A" "$NLG_TRAFFIC" udp 10.214.0.2 7600 200000 --timeout 10 > /dev/null 2>&1 ||
	fail "udp send"
n=0
until ip netns exec "$A" curl -sf "http://127.0.0.1:$PORT/api/v1/live" > /dev/null; do
	n=$((n + 1))
	[ "$n" -lt 50 ] || fail "the daemon does not answer: $(tail -n 3 "$NLG_TMP/daemon.log")"
	sleep 0.1
done
sleep 1.5   # a flush, so that history has rows

checked=0
# check SCHEMA MODE CMD...: CMD (run in namespace A) exits 0 and every
# document it prints (MODE: doc, or lines for one per line) validates.
check() {
	schema=$1 mode=$2
	shift 2
	out=$NLG_TMP/out.$checked
	ip netns exec "$A" "$@" > "$out" 2> "$out.err" || fail "$*: exit $? ($(head -c 300 "$out.err"))"
	opt=
	[ "$mode" = lines ] && opt=--lines
	python3 "$VALIDATE" "$SCHEMAS/netledger-$schema.schema.json" "$out" $opt ||
		fail "$* does not validate against netledger-$schema.schema.json"
	checked=$((checked + 1))
	LAST=$out
}
N=$NETLEDGER

# ifaces: one object, or one per refresh with --watch
for o in "" "-i ja" "-b" "--source netlink" "--source procfs" "--source auto" "--total all" \
	"--total physical" "--sysfs-root /sys" "--all-netns" "--all-netns --total all"; do
	check ifaces doc $N ifaces --json $o
done
cp "$LAST" "$NLG_TMP/ifaces.json"
check ifaces lines $N ifaces --json -w 0.2 -n 2
check ifaces lines $N ifaces --json --watch=0.2 --count 2 -b -i ja
# conns: every filter, each counter mode, each namespace choice
# (ip netns exec runs the sender in its own process: $SENDER is its pid)
PID=$SENDER
kill -0 "$PID" 2>/dev/null || fail "the busy sender ended early: $(cat "$NLG_TMP/send.log")"
for o in "" "-P tcp" "-P udp" "-s established" "-s listen" "-o 7600" "-p $PID" "-a nlg-traffic" \
	"--ebpf off" "--ebpf auto" "--netns current" "--netns all" "--netns $A" "--netns $PID" \
	"-P tcp -o 7600 -s established"; do
	check conns doc $N conns --json $o
done
cp "$LAST" "$NLG_TMP/conns.json"
if ip netns exec "$A" $N conns --json --ebpf on > "$NLG_TMP/on.json" 2> "$NLG_TMP/on.err"; then
	check conns doc $N conns --json --ebpf on
else
	ebpf_lacking "$NLG_TMP/on.err" && lacking "--ebpf on (no eBPF socket counter)"
fi
# apps: each grouping, one interval or --watch
for g in app process cgroup user; do
	check apps doc $N apps --json -g "$g"
done
cp "$LAST" "$NLG_TMP/apps.json"
for o in "-b" "--ebpf off" "--linger 1" "--netns current" "--netns all" "--netns $A"; do
	check apps doc $N apps --json $o
done
check apps lines $N apps --json -w 0.2 -n 2 -g process -b
# watch: JSON lines of events
check watch lines $N watch --json -i 0.2 -n 3 --netns "$A"
cp "$LAST" "$NLG_TMP/watch.json"
check watch lines $N watch --json -i 0.2 -n 1 --netns all
# -q prints only added and removed: connections that open and close during it
ip netns exec "$A" "$NLG_TRAFFIC" send 10.214.0.2 7601 1000 --connections 20 --hold 100 --timeout 20 \
	> /dev/null 2>&1 &
SHORT=$!
check watch lines $N watch --json -i 0.2 -n 15 -q --ebpf off --netns current
wait "$SHORT" || fail "the short connections failed"
# (ifaces --pf is Linux's exit status 3, tests/cli/unsupported.sh; top has no JSON)
# run: the summary document
check run doc $N run -q --json - -- "$NLG_TRAFFIC" send 10.214.0.2 7601 30000 --timeout 10
check run doc $N run -q -a -i 0.2 --ebpf off --json - -- "$NLG_TRAFFIC" udp 10.214.0.2 7601 5000 \
	--timeout 10

# history on the daemon's database, in each mode
for r in "" --minutes --hours --days --months; do
	check history doc $N history --db "$DB" --json $r
	check history doc $N history --db "$DB" --json -i ja $r
	check history-apps doc $N history --db "$DB" --json --apps $r
done
cp "$LAST" "$NLG_TMP/history-apps.json"
check history doc $N history --db "$DB" --json --minutes --since -1h --until "@$(date +%s)"
cp "$LAST" "$NLG_TMP/history.json"
check history doc $N history --db "$DB" --json --since @0 --months -i lo
check history-apps doc $N history --db "$DB" --json --apps --since -30m
jq -e '.rows | length > 0' "$NLG_TMP/history.json" > /dev/null ||
	fail "history --json without -i has no rows: $(cat "$NLG_TMP/history.json")"

# the daemon's API
U=http://127.0.0.1:$PORT/api/v1
check api-ranges doc curl -sf "$U/ranges"
now=$(date +%s)
for q in "series" "series?iface=ja" "series?res=minute" "series?res=hour&iface=ja" \
	"series?since=$((now - 3600))&until=$now"; do
	check api-series doc curl -sf "$U/$q"
done
cp "$LAST" "$NLG_TMP/series.json"
for q in "apps" "apps?since=$((now - 3600))&until=$now"; do
	check api-apps doc curl -sf "$U/$q"
done
KEY=$(jq -r '.apps[0].key // empty' "$LAST")
[ -n "$KEY" ] || fail "/api/v1/apps lists no app: $(cat "$LAST")"
check api-series doc curl -sfG --data-urlencode "app=$KEY" "$U/series"
check api-live doc curl -sf "$U/live"
cp "$LAST" "$NLG_TMP/live.json"
check api-error doc sh -c "curl -s '$U/series?iface=nope'; true"
daemon_stop
ok "$checked outputs validate against their schemas"

# The schemas bite: a required field removed, a count turned into a string.
broken() { # SCHEMA FILE JQ [--lines]
	jq -c "$3" "$2" > "$NLG_TMP/broken.json" || fail "jq $3"
	if python3 "$VALIDATE" "$SCHEMAS/netledger-$1.schema.json" "$NLG_TMP/broken.json" $4 \
		> "$NLG_TMP/broken.out"; then
		fail "netledger-$1.schema.json accepts $2 broken by '$3'"
	fi
	echo "  rejected ($3): $(head -n 1 "$NLG_TMP/broken.out")"
}
broken ifaces "$NLG_TMP/ifaces.json" 'del(.interfaces[0].total)'
broken ifaces "$NLG_TMP/ifaces.json" '.interfaces[0].index = "1"'
broken conns "$NLG_TMP/conns.json" 'del(.connections[0].proto)'
broken conns "$NLG_TMP/conns.json" '.connections[0].local.port = "7600"'
broken apps "$NLG_TMP/apps.json" 'del(.version)'
broken watch "$NLG_TMP/watch.json" 'del(.event)' --lines
broken history "$NLG_TMP/history.json" '.rows[0].rx_bytes = -1'
broken history-apps "$NLG_TMP/history-apps.json" 'del(.apps)'
broken api-series "$NLG_TMP/series.json" 'del(.resolution)'
broken api-live "$NLG_TMP/live.json" '.time = "now"'
ok "hand-broken outputs fail their schemas"
finish
