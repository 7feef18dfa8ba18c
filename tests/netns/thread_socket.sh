#!/bin/sh
# A process whose socket is made by a thread named isc-net-0000 (as dig's
# are) is listed under the process's name, nlg-thread:
#   H keeps its socket across samples (found through /proc);
#   Q, twenty runs that live and die between two samples (found through the
#   eBPF counter, which records the main thread's name).
# Every byte of theirs is under nlg-thread, none under the thread's name.
. "$NLG_LIB"
require_root
command -v nsenter >/dev/null || skip "needs nsenter"
A_NS=nlg-h$$a
B_NS=nlg-h$$b
ns_pair "$A_NS" ha 10.208.0.1/24 "$B_NS" hb 10.208.0.2/24
if ! nsenter --net="/run/netns/$A_NS" "$NETLEDGER" conns --netns current --ebpf on > /dev/null 2> "$NLG_TMP/probe.err"; then
	grep -q "eBPF" "$NLG_TMP/probe.err" && skip "$(cat "$NLG_TMP/probe.err")"
	fail "netledger conns: $(cat "$NLG_TMP/probe.err")"
fi
sink_start "$B_NS" 10.208.0.2 7401 "$NLG_TMP/sink.txt" --timeout 60

nsenter --net="/run/netns/$A_NS" "$NETLEDGER" apps --netns current --group-by process --watch 1 --json --ebpf on \
	--linger 60 > "$NLG_TMP/apps.json" 2> "$NLG_TMP/apps.err" &
P=$!
NLG_PIDS="$NLG_PIDS $P"
wait_lines "$NLG_TMP/apps.json" 1 10 || fail "apps printed nothing: $(cat "$NLG_TMP/apps.err")"
sleep 1

nsenter --net="/run/netns/$A_NS" "$NLG_THREAD" 10.208.0.2 7401 50 --hold 2500 || fail "H failed"
for i in $(seq 20); do
	nsenter --net="/run/netns/$A_NS" "$NLG_THREAD" 10.208.0.2 7401 10 || fail "Q failed"
done
sleep 2.5
kill -INT $P
wait $P || fail "apps exit status: $(cat "$NLG_TMP/apps.err")"

last=$(tail -n 1 "$NLG_TMP/apps.json")
thread=$(jq -s '[.[].processes[]? | select(.name == "isc-net-0000")] | length' "$NLG_TMP/apps.json")
[ "$thread" = 0 ] || fail "$thread processes named after the thread: $(jq -c '[.processes[] | select(.name == "isc-net-0000")]' "$NLG_TMP/apps.json" | head -n 3)"
procs=$(echo "$last" | jq '[.processes[] | select(.name == "nlg-thread")]')
n=$(echo "$procs" | jq length)
tx=$(echo "$procs" | jq '[.[].tx_bytes] | add')
# IP bytes: 100 bytes of payload + 28 of IPv4 and UDP headers per datagram
want=$(((50 + 20 * 10) * 128))
echo "  nlg-thread: $n processes, $tx bytes (want 21 and $want)"
[ "$n" = 21 ] || fail "$n processes named nlg-thread: $(echo "$last" | jq -c .processes)"
[ "$tx" = "$want" ] || fail "nlg-thread processes counted $tx bytes, they sent $want"
held=$(echo "$procs" | jq '[.[] | select(.tx_bytes == 6400)] | length')
[ "$held" = 1 ] || fail "H (50 datagrams, seen through /proc) not listed as nlg-thread"
ok "sockets made by a thread named isc-net-0000 are listed under nlg-thread, also when the process exited between two samples"
