#!/bin/sh
# netledger run: the exact network cost of one command and everything it
# starts, in namespaces made here. The command (a shell script) starts
#   50 short-lived nlg-traffic senders, sender i sending 1000 + 37 i bytes
#     of TCP payload on a connection of its own (10 at a time);
#   one UDP sender of 150 datagrams of 1000 bytes;
#   a child shell that forks a grandchild curl, which downloads a 3 MB file
#     from a local HTTP server (curl's own counts are the truth);
# while a sender outside the command sends 2 MB to the same sink.
# TCP payload equals the truth exactly, both ways; UDP IP bytes are the
# payload plus 28 bytes per datagram exactly; the outside sender is not
# counted; the sockets per protocol and the cgroup's removal are checked;
# the JSON validates against man/netledger-run.schema.json.
. "$NLG_LIB"
require_root
command -v nsenter >/dev/null || skip "needs nsenter"
command -v curl >/dev/null || skip "needs curl"
python3 -c 'import jsonschema' 2>/dev/null || skip "needs python3-jsonschema"
SCHEMA=$(dirname "$NLG_LIB")/../../man/netledger-run.schema.json
A_NS=nlg-r$$a
B_NS=nlg-r$$b
ns_pair "$A_NS" ra 10.207.0.1/24 "$B_NS" rb 10.207.0.2/24
in_a() { nsenter --net="/run/netns/$A_NS" "$@"; }

if ! in_a "$NETLEDGER" conns --ebpf on > /dev/null 2> "$NLG_TMP/probe.err"; then
	grep -q "eBPF" "$NLG_TMP/probe.err" && skip "$(cat "$NLG_TMP/probe.err")"
	fail "netledger conns: $(cat "$NLG_TMP/probe.err")"
fi

ip netns exec "$B_NS" "$NLG_TRAFFIC" sink 10.207.0.2 7001 --timeout 150 > "$NLG_TMP/sink.txt" &
NLG_PIDS="$NLG_PIDS $!"
mkdir "$NLG_TMP/www"
head -c 3000000 /dev/zero > "$NLG_TMP/www/blob"
(cd "$NLG_TMP/www" && exec ip netns exec "$B_NS" python3 -m http.server --bind 10.207.0.2 8080 \
	> "$NLG_TMP/http.log" 2>&1) &
NLG_PIDS="$NLG_PIDS $!"
wait_for "$NLG_TMP/sink.txt" ready 10 || fail "sink did not start"
n=0
until in_a curl -s -o /dev/null http://10.207.0.2:8080/ 2>/dev/null; do
	n=$((n + 1))
	[ "$n" -gt 100 ] && fail "HTTP server did not start: $(cat "$NLG_TMP/http.log")"
	sleep 0.1
done

# the outside sender: same sink, same time, not part of the command
nsenter --net="/run/netns/$A_NS" "$NLG_TRAFFIC" send 10.207.0.2 7001 2000000 --rate 1000000 \
	--timeout 60 &
OUT=$!
NLG_PIDS="$NLG_PIDS $OUT"

cat > "$NLG_TMP/cmd.sh" <<'SCRIPT'
T=$1 TMP=$2
i=0
while [ $i -lt 50 ]; do
	"$T" send 10.207.0.2 7001 $((1000 + 37 * i)) --timeout 60 &
	i=$((i + 1))
	[ $((i % 10)) = 0 ] && wait
done
"$T" udp 10.207.0.2 7001 150000 --size 1000 --timeout 60 &
sh -c 'curl -s -o /dev/null -w "%{size_download} %{size_header} %{size_request}" \
	http://10.207.0.2:8080/blob > "$1/curl.txt" & wait' sh "$TMP" &
wait
exit 0
SCRIPT
in_a "$NETLEDGER" run --json "$NLG_TMP/run.json" --ebpf on -- sh "$NLG_TMP/cmd.sh" \
	"$NLG_TRAFFIC" "$NLG_TMP" 2> "$NLG_TMP/run.err"
rc=$?
cat "$NLG_TMP/run.err"
[ "$rc" = 0 ] || fail "netledger run exited $rc"
wait "$OUT" || fail "the outside sender failed"
J=$NLG_TMP/run.json

# (curl -w writes no newline)
read -r down head req < "$NLG_TMP/curl.txt" || [ -n "$req" ] || fail "curl gave no counts"
[ "$down" = 3000000 ] || fail "curl downloaded $down bytes"
want_tx=$req
i=0
while [ $i -lt 50 ]; do want_tx=$((want_tx + 1000 + 37 * i)); i=$((i + 1)); done
want_rx=$((down + head))
got_tx=$(jq .tcp_tx_payload_bytes "$J")
got_rx=$(jq .tcp_rx_payload_bytes "$J")
echo "  TCP payload: sent $got_tx (truth $want_tx), received $got_rx (truth $want_rx)"
[ "$got_tx" = "$want_tx" ] || fail "TCP payload sent: netledger $got_tx, truth $want_tx: $(jq -c . "$J")"
[ "$got_rx" = "$want_rx" ] || fail "TCP payload received: netledger $got_rx, truth $want_rx: $(jq -c . "$J")"
ok "TCP payload exact both ways (50 senders, a grandchild's download)"

udp=$(jq '[.protocols[] | select(.protocol == "udp")][0]' "$J")
udp_tx=$(echo "$udp" | jq .tx_bytes)
echo "  UDP: $udp_tx IP bytes (truth $((150000 + 28 * 150)))"
[ "$udp_tx" = $((150000 + 28 * 150)) ] || fail "UDP IP bytes: $udp"
[ "$(echo "$udp" | jq .sockets)" = 1 ] || fail "UDP sockets: $udp"
ok "UDP IP bytes exact: payload + 28 per datagram"

tcp=$(jq '[.protocols[] | select(.protocol == "tcp")][0].sockets' "$J")
[ "$tcp" = 51 ] || fail "TCP sockets: $tcp, want 51 (50 senders and curl): $(jq -c .protocols "$J")"
sink_tx=$(jq '[.hosts[] | select(.port == 7001 and .protocol == "tcp")][0]' "$J")
[ "$(echo "$sink_tx" | jq .sockets)" = 50 ] || fail "sink host row: $sink_tx"
ok "sockets per protocol: tcp 51, udp 1; the outside sender is not counted"

[ "$(jq .exact "$J")" = true ] || fail "not exact: $(jq -c .missing "$J")"
[ "$(jq -r '.processes[0].name' "$J")" = curl ] || fail "busiest process: $(jq -c .processes "$J")"
grep -Eq '^  payload +[0-9]+ bytes received, [0-9]+ bytes sent over TCP' "$NLG_TMP/run.err" || fail "summary: no TCP payload line"
cg=$(jq -r .cgroup "$J")
mnt=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
[ -n "$cg" ] && [ ! -e "$mnt$cg" ] || fail "cgroup $cg left behind"
ok "exact, the busiest process is curl, the cgroup $cg is removed"

python3 - "$SCHEMA" "$J" <<'PY' || fail "the JSON does not validate against its schema"
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
cls = jsonschema.validators.validator_for(schema)
cls.check_schema(schema)
doc = json.load(open(sys.argv[2]))
cls(schema).validate(doc)
# the schema can fail: a made-up field or a negative count is refused
for bad in ({**doc, "extra": 1}, {**doc, "rx_bytes": -1}):
    try:
        cls(schema).validate(bad)
    except jsonschema.ValidationError:
        continue
    sys.exit("schema accepted an invalid document")
PY
ok "the JSON validates against man/netledger-run.schema.json"
