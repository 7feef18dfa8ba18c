#!/bin/sh
# Connections counted exactly from kernel socket counters, in namespaces
# made here, sampled once a second:
#   A sends 50 MiB over one connection and D, its child, 3 MiB (both paced
#   to live across several samples);
#   B makes 500 sequential 20 KiB connections, each closing at once;
#   C sends 5 MiB of UDP.
# Per-process payload of A and D is exact and they fold into one app; all of
# B's 500 connections are reported removed with their final 20 KiB, each
# with its process or a stated reason; C's socket has bytes "unknown" and
# the unattributed line holds its traffic and nothing more: the veth's
# bytes (as the kernel counts them) less the payload sent over TCP.
. "$NLG_LIB"
require_root
need nsenter
A_NS=nlg-k$$a
B_NS=nlg-k$$b
ns_new "$A_NS"
ns_new "$B_NS"
veth_pair "$A_NS" va 10.204.0.1/24 "$B_NS" vb 10.204.0.2/24
MIB=1048576
# nsenter switches only the network namespace; `ip netns exec` would also
# remount /sys and hide the cgroup hierarchy from the monitor.
in_a() { nsenter --net="/run/netns/$A_NS" "$@"; }

ip netns exec "$B_NS" "$NLG_TRAFFIC" sink 10.204.0.2 7001 --timeout 120 > "$NLG_TMP/sink1.txt" &
NLG_PIDS="$NLG_PIDS $!"
ip netns exec "$B_NS" "$NLG_TRAFFIC" sink 10.204.0.2 7003 --timeout 120 > "$NLG_TMP/sink3.txt" &
NLG_PIDS="$NLG_PIDS $!"
wait_for "$NLG_TMP/sink1.txt" ready 10 || fail "sink did not start"
wait_for "$NLG_TMP/sink3.txt" ready 10 || fail "sink did not start"

k0_tx=$(kernel_counter "$A_NS" va tx)
nsenter --net="/run/netns/$A_NS" "$NETLEDGER" watch --netns current --json --interval 1 --ebpf off \
	> "$NLG_TMP/watch.json" 2> "$NLG_TMP/watch.err" &
W=$!
nsenter --net="/run/netns/$A_NS" "$NETLEDGER" apps --netns current --group-by process --watch 1 --json --ebpf off \
	> "$NLG_TMP/apps.json" 2>/dev/null &
P=$!
NLG_PIDS="$NLG_PIDS $W $P"
sleep 1.5

in_a "$NLG_TRAFFIC" send 10.204.0.2 7001 $((50 * MIB)) --rate $((16 * MIB)) \
	--child $((3 * MIB)) --child-rate $((MIB)) --linger 2 --timeout 60 &
SA=$!
in_a "$NLG_TRAFFIC" send 10.204.0.2 7003 20480 --connections 500 --linger 2 --timeout 60 &
SB=$!
in_a "$NLG_TRAFFIC" udp 10.204.0.2 7001 $((5 * MIB)) --size 1000 --rate $((2 * MIB)) \
	--linger 2 --timeout 60 &
SC=$!
wait $SA || fail "A failed"
wait $SB || fail "B failed"
wait $SC || fail "C failed"
sleep 2.5
kill -INT $W $P
wait $W || fail "watch exit status: $(cat "$NLG_TMP/watch.err")"
wait $P || fail "apps exit status"
k1_tx=$(kernel_counter "$A_NS" va tx)

last=$NLG_TMP/last.json
tail -n 1 "$NLG_TMP/apps.json" > "$last"
# A is the sender whose child (D) has the same command line.
a=$(jq -c '[.processes[] | select(.cmdline | contains("--child"))] as $s |
	[$s[] | select(.pid as $p | $s | any(.ppid == $p))][0]' "$last")
d=$(jq -c --argjson a "$a" '[.processes[] | select(.ppid == $a.pid)][0]' "$last")
[ "$a" != null ] && [ "$d" != null ] || fail "A or D not listed: $(jq -c '.processes' "$last")"
a_tx=$(echo "$a" | jq .tx_bytes)
d_tx=$(echo "$d" | jq .tx_bytes)
echo "  A $a_tx, D $d_tx"
[ "$a_tx" = $((50 * MIB)) ] || fail "A sent $((50 * MIB)), netledger counted $a_tx"
[ "$d_tx" = $((3 * MIB)) ] || fail "D sent $((3 * MIB)), netledger counted $d_tx"
ok "per-process TCP payload exact: A 50 MiB, D 3 MiB"
[ "$(echo "$a" | jq -r .app)" = "$(echo "$d" | jq -r .app)" ] || fail "A and D in different apps"
ok "A and D fold into one app ($(echo "$a" | jq -r .app))"

# As root the socket-destroy events are there, unless the kernel truly
# lacks them.
if destroy_events_lacking "$NLG_TMP/watch.err"; then
	lacking "B's closures: this kernel has no socket-destroy events (ss -E fails too)"
else
	b=$(jq -c 'select(.event == "removed" and .connection.remote.port == 7003) | .connection' "$NLG_TMP/watch.json")
	n=$(echo "$b" | grep -c .)
	exact=$(echo "$b" | jq -r .tx_bytes | grep -c '^20480$')
	silent=$(echo "$b" | jq -r 'select(.process == null and (.no_process_reason // "") == "") | .cookie' | grep -c .)
	echo "  B: $n removed, $exact with 20480 bytes, $(echo "$b" | jq -r 'select(.process != null) | .cookie' | grep -c .) with their process"
	[ "$n" = 500 ] && [ "$exact" = 500 ] || fail "B: $n connections removed, $exact with their final 20480 bytes"
	[ "$silent" = 0 ] || fail "$silent of B's connections have no process and no reason"
	ok "B's 500 connections removed with their final counts, owner or reason each"
fi

# C sends with sendto() on an unconnected socket: found by its process.
c=$(jq -c 'select(.connection.proto == "udp" and
	((.connection.process.cmdline // "") | contains(" udp "))) | .connection' "$NLG_TMP/watch.json" | head -n 1)
[ -n "$c" ] || fail "C's UDP socket was never listed"
[ "$(echo "$c" | jq .bytes_known)" = false ] && [ "$(echo "$c" | jq .tx_bytes)" = null ] ||
	fail "C's UDP socket shows bytes: $c"
ok "C's UDP socket listed with bytes unknown"

# Unattributed: what left the veth less the TCP payload (A, D and B, each
# checked exact above). Within 1%: it covers C's 5 MiB and does not count
# anything twice.
un=$(jq -s '[.[].attribution.unattributed_tx_bytes] | add' "$NLG_TMP/apps.json")
want=$((k1_tx - k0_tx - 53 * MIB - 500 * 20480))
echo "  unattributed tx $un, kernel tx less TCP payload $want"
[ "$want" -ge $((5 * MIB)) ] || fail "the veth moved less than C's 5 MiB beside the TCP payload: $want"
[ $((un * 100)) -ge $((want * 99)) ] && [ $((un * 100)) -le $((want * 101)) ] ||
	fail "unattributed tx $un, but the veth moved $want beside the TCP payload"
ok "unattributed line is the veth's bytes less the TCP payload ($un of $want bytes)"
finish
