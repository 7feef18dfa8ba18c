#!/bin/sh
# The eBPF socket counter, in namespaces made here, sampled once a second:
#   P sends exactly 5 MiB of UDP payload in 1000-byte datagrams;
#   Q makes 200 short-lived UDP sockets of 10 datagrams each;
#   T sends 1 MiB over TCP;
#   B makes 500 sequential 20 KiB TCP connections, each closing at once.
# Each UDP sender's bytes equal its payload plus 28 bytes of IPv4 and UDP
# header per datagram, exactly; Q's sockets, most of them born and gone
# between two samples, are all attributed to Q; T's connection has IP
# bytes beside its payload; and the sockets explain at least 99.9% of the
# veth's IP bytes; every one of B's connections is removed with its final
# 20 KiB and B as its process.
. "$NLG_LIB"
require_root
need nsenter
A_NS=nlg-e$$a
B_NS=nlg-e$$b
ns_new "$A_NS"
ns_new "$B_NS"
veth_pair "$A_NS" va 10.205.0.1/24 "$B_NS" vb 10.205.0.2/24
MIB=1048576
in_a() { nsenter --net="/run/netns/$A_NS" "$@"; }

# only a machine that truly lacks the counter skips; any other error fails
if ! in_a "$NETLEDGER" conns --netns current --ebpf on > /dev/null 2> "$NLG_TMP/probe.err"; then
	ebpf_lacking "$NLG_TMP/probe.err" && skip "no eBPF socket counter: $(cat "$NLG_TMP/probe.err")"
fi

ip netns exec "$B_NS" "$NLG_TRAFFIC" sink 10.205.0.2 7001 --timeout 120 > "$NLG_TMP/sink.txt" &
NLG_PIDS="$NLG_PIDS $!"
wait_for "$NLG_TMP/sink.txt" ready 10 || fail "sink did not start"

# Started directly, not through in_a: $! is then the monitor itself.
nsenter --net="/run/netns/$A_NS" "$NETLEDGER" apps --netns current --group-by process --watch 1 --json --ebpf on \
	> "$NLG_TMP/apps.json" 2> "$NLG_TMP/apps.err" &
P=$!
nsenter --net="/run/netns/$A_NS" "$NETLEDGER" watch --netns current --json --interval 1 --quiet-counts --ebpf on \
	> "$NLG_TMP/watch.json" 2> "$NLG_TMP/watch.err" &
W=$!
NLG_PIDS="$NLG_PIDS $P $W"
wait_lines "$NLG_TMP/apps.json" 1 10 || fail "apps printed nothing: $(cat "$NLG_TMP/apps.err")"
sleep 1

in_a "$NLG_TRAFFIC" udp 10.205.0.2 7001 $((5 * MIB)) --size 1000 --rate $((2 * MIB)) \
	--linger 2 --timeout 60 &
SP=$!
in_a "$NLG_TRAFFIC" udp 10.205.0.2 7001 2000000 --size 1000 --per-socket 10 \
	--rate $((MIB)) --linger 2 --timeout 60 &
SQ=$!
in_a "$NLG_TRAFFIC" send 10.205.0.2 7001 $((MIB)) --rate $((MIB)) --linger 2 --timeout 60 &
ST=$!
in_a "$NLG_TRAFFIC" send 10.205.0.2 7001 20480 --connections 500 --linger 2 --timeout 60 &
SB=$!
wait $SP || fail "P failed"
wait $SQ || fail "Q failed"
wait $ST || fail "T failed"
wait $SB || fail "B failed"
sleep 2.5
kill -INT $P $W
wait $P || fail "apps exit status: $(cat "$NLG_TMP/apps.err")"
wait $W || fail "watch exit status"
grep -q "eBPF" "$NLG_TMP/apps.err" && fail "apps: $(cat "$NLG_TMP/apps.err")"

last=$NLG_TMP/last.json
tail -n 1 "$NLG_TMP/apps.json" > "$last"
over=$(jq .ebpf.overflow_packets "$last")
[ "$over" = 0 ] || fail "the eBPF table had no room for $over packets"
proc_tx() { # a word of the command line
	jq --arg w "$1" '[.processes[] | select(.cmdline | contains($w)) | .tx_bytes] | add' "$last"
}
p_tx=$(proc_tx "$((5 * MIB))")
q_tx=$(proc_tx "--per-socket")
# 5 MiB in 1000-byte datagrams: 5243 of them, the last one 880 bytes.
p_want=$((5 * MIB + 28 * 5243))
q_want=$((2000000 + 28 * 2000))
echo "  P $p_tx (want $p_want), Q $q_tx (want $q_want)"
[ "$p_tx" = "$p_want" ] || fail "P: netledger counted $p_tx IP bytes, sent $p_want"
ok "P's UDP bytes are payload + 28 bytes per datagram, exactly"
if [ "$q_tx" != "$q_want" ]; then
	jq -c 'select(.event == "removed" and .connection.proto == "udp") | .connection |
		{cookie, tx_ip_bytes, pid: .process.pid, cmd: .process.cmdline, why: .no_process_reason}' \
		"$NLG_TMP/watch.json" | grep -v -- "--per-socket" | head -n 20
	jq -c '.processes[] | {pid, name, cmdline, tx_bytes, gone}' "$last"
	fail "Q: netledger counted $q_tx IP bytes, sent $q_want"
fi
ok "Q's 200 short-lived sockets: payload + 28 bytes per datagram, exactly"

q_pid=$(jq '[.processes[] | select(.cmdline | contains("--per-socket")) | .pid][0]' "$last")
q_socks=$(jq -c --argjson p "$q_pid" 'select(.event == "removed" and .connection.proto == "udp"
	and .connection.process.pid == $p) | .connection.cookie' "$NLG_TMP/watch.json" | sort -u | grep -c .)
echo "  Q: $q_socks sockets removed with Q as their process"
[ "$q_socks" = 200 ] || fail "Q: $q_socks of 200 short-lived sockets attributed to Q"
ok "all 200 short-lived sockets attributed to their process"

t=$(jq -c 'select(.event == "removed" and .connection.proto == "tcp" and
	(.connection.process.cmdline // "" | contains("--rate"))) | .connection' \
	"$NLG_TMP/watch.json" | head -n 1)
[ -n "$t" ] || fail "T's connection was never removed"
t_pay=$(echo "$t" | jq .tx_bytes)
t_ip=$(echo "$t" | jq .tx_ip_bytes)
echo "  T: payload $t_pay, IP bytes $t_ip"
[ "$t_pay" = "$MIB" ] && [ "$t_ip" -gt "$MIB" ] || fail "T: payload $t_pay, IP bytes $t_ip"
ok "T's connection has IP bytes beside its exact payload"

b_pid=$(jq '[.processes[] | select(.cmdline | contains("--connections")) | .pid][0]' "$last")
b=$(jq -c --argjson p "$b_pid" 'select(.event == "removed" and .connection.proto == "tcp"
	and .connection.process.pid == $p and .connection.tx_bytes == 20480) | .connection.cookie' \
	"$NLG_TMP/watch.json" | sort -u | grep -c .)
echo "  B: $b of 500 connections removed with 20480 bytes and B as their process"
if [ "$b" != 500 ]; then
	jq -c --argjson p "$b_pid" 'select(.connection.proto == "tcp" and
		(.connection.process.pid != $p or .connection.tx_bytes != 20480)) |
		{event, cookie: .connection.cookie, state: .connection.state, tx: .connection.tx_bytes,
		 ip: .connection.tx_ip_bytes, pid: .connection.process.pid,
		 why: .connection.no_process_reason}' "$NLG_TMP/watch.json" | head -n 20
	grep -c '"removed"' "$NLG_TMP/watch.json"
	fail "B: $b of 500 short-lived connections with their bytes and process"
fi
ok "B's 500 short-lived TCP connections: final bytes and their process, each"
b_pay=$(jq -s --argjson p "$b_pid" '[.[] | select(.event == "removed" and .connection.proto == "tcp"
	and .connection.process.pid == $p) | .connection.tx_bytes] | add' "$NLG_TMP/watch.json")
[ "$b_pay" = $((500 * 20480)) ] || fail "B's TCP payload: $b_pay, sent $((500 * 20480))"
ok "B's TCP payload, per process: $b_pay bytes, exactly 500 x 20 KiB"

cov=$(jq -s '[.[].attribution | select(.ip_bytes)] |
	((map(.payload_rx_bytes + .payload_tx_bytes) | add) /
	 (map(.wire_rx_bytes + .wire_tx_bytes) | add))' "$NLG_TMP/apps.json")
echo "  attribution coverage of the veth's IP bytes: $cov"
awk -v c="$cov" 'BEGIN { exit !(c >= 0.999 && c <= 1.0) }' || fail "coverage $cov"
ok "the sockets explain $cov of the IP bytes"
