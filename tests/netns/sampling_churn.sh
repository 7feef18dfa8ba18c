#!/bin/sh
# Incremental sampling against full dumps, in a namespace made here: 5,000
# TCP connections open, move exactly 8 KiB and close, one after another,
# while two monitors in one process sample the same sockets every 200 ms,
# one reading only what the eBPF programs noticed and one dumping every
# socket. Every connection's bytes (payload and IP, both ends) must be the
# same in both, byte for byte; every client end must have sent its 8 KiB;
# the incremental view's checks against a full dump (every 2 s here) must
# have run and found no difference. (The whole test takes about 15 s.)
. "$NLG_LIB"
require_root
need nsenter
NS=nlg-s$$
ns_new "$NS"
ip -n "$NS" addr add 10.207.0.1/24 dev lo
in_ns() { nsenter --net="/run/netns/$NS" "$@"; }

if ! in_ns "$NETLEDGER" conns --ebpf on > /dev/null 2> "$NLG_TMP/probe.err"; then
	ebpf_lacking "$NLG_TMP/probe.err" && skip "no eBPF socket counter: $(cat "$NLG_TMP/probe.err")"
fi

# Started directly, not through in_ns: $! is then the process itself.
nsenter --net="/run/netns/$NS" "$NLG_TRAFFIC" sink 10.207.0.1 7100 --timeout 170 \
	> "$NLG_TMP/sink.txt" 2>&1 &
NLG_PIDS="$NLG_PIDS $!"
wait_for "$NLG_TMP/sink.txt" ready 10 || fail "sink did not start"

nsenter --net="/run/netns/$NS" "$NLG_SAMPLING" 7100 8192 5000 "$NLG_TMP/stop" \
	--interval 200 --reconcile 2 > "$NLG_TMP/cmp.txt" 2> "$NLG_TMP/cmp.err" &
C=$!
NLG_PIDS="$NLG_PIDS $C"
wait_for "$NLG_TMP/cmp.txt" ready 20 || {
	grep -q SKIP "$NLG_TMP/cmp.txt" && skip "$(cat "$NLG_TMP/cmp.txt")"
	fail "the monitors did not start: $(cat "$NLG_TMP/cmp.err")"
}
# 50 rounds of 100 connections, 0.2 s apart (about fifty samples): at full
# speed the kernel drops destroy events (a full receive buffer), which both
# paths would then lack alike.
i=0
while [ $i -lt 50 ]; do
	in_ns "$NLG_TRAFFIC" send 10.207.0.1 7100 8192 --connections 100 --timeout 30 ||
		fail "the sender failed"
	sleep 0.2
	i=$((i + 1))
done
touch "$NLG_TMP/stop"
rc=0
wait $C || rc=$?
cat "$NLG_TMP/cmp.txt"
[ $rc -eq 0 ] || fail "incremental and full samples differ (exit $rc): $(head -c 2000 "$NLG_TMP/cmp.err")"
ok "5,000 connections: the same bytes with incremental and full samples"
