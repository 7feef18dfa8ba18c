#!/bin/sh
# The eBPF notice ring overflowing: bursts of 3,000 TCP connections (each
# opens, moves exactly 8 KiB and closes) between samples 1 s apart send
# more notices than the ring holds (4,096 a sample). A sample that finds
# notices lost must take a full dump and stay exact: every connection's
# bytes, both ends, the same as with full dumps every sample, byte for
# byte, and every client end's 8 KiB there; a check against a full dump
# in the quiet after the bursts finds no difference. In a namespace made
# here.
. "$NLG_LIB"
require_root
need nsenter
NS=nlg-o$$
ns_new "$NS"
ip -n "$NS" addr add 10.207.0.1/24 dev lo
in_ns() { nsenter --net="/run/netns/$NS" "$@"; }

if ! in_ns "$NETLEDGER" conns --ebpf on > /dev/null 2> "$NLG_TMP/probe.err"; then
	ebpf_lacking "$NLG_TMP/probe.err" && skip "no eBPF socket counter: $(cat "$NLG_TMP/probe.err")"
fi

nsenter --net="/run/netns/$NS" "$NLG_TRAFFIC" sink 10.207.0.1 7100 --timeout 170 \
	> "$NLG_TMP/sink.txt" 2>&1 &
NLG_PIDS="$NLG_PIDS $!"
wait_for "$NLG_TMP/sink.txt" ready 10 || fail "sink did not start"

nsenter --net="/run/netns/$NS" "$NLG_SAMPLING" 7100 8192 9000 "$NLG_TMP/stop" \
	--interval 1000 --reconcile 2 > "$NLG_TMP/cmp.txt" 2> "$NLG_TMP/cmp.err" &
C=$!
NLG_PIDS="$NLG_PIDS $C"
wait_for "$NLG_TMP/cmp.txt" ready 20 || {
	grep -q SKIP "$NLG_TMP/cmp.txt" && skip "$(cat "$NLG_TMP/cmp.txt")"
	fail "the monitors did not start: $(cat "$NLG_TMP/cmp.err")"
}
i=0
while [ $i -lt 3 ]; do
	in_ns "$NLG_TRAFFIC" send 10.207.0.1 7100 8192 --connections 3000 --timeout 60 ||
		fail "the sender failed"
	sleep 1.5
	i=$((i + 1))
done
# quiet samples after the bursts: a check against a full dump must run
sleep 3
touch "$NLG_TMP/stop"
rc=0
wait $C || rc=$?
cat "$NLG_TMP/cmp.txt"
[ $rc -eq 0 ] || fail "incremental and full samples differ (exit $rc): $(head -c 2000 "$NLG_TMP/cmp.err")"
lost=$(sed -n 's/.*lost notices \([0-9]*\).*/\1/p' "$NLG_TMP/cmp.txt")
[ "${lost:-0}" -gt 0 ] || fail "the bursts did not overflow the notice ring (lost notices: ${lost:-none})"
ok "9,000 connections in bursts that overflow the notice ring: the same bytes as with full samples"
