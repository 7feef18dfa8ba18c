#!/bin/sh
# `ip netns exec NS netledger apps` as root: ip netns exec remounts /sys,
# which hides the cgroup v2 hierarchy from the command, yet the eBPF socket
# counter runs (it finds the hierarchy through init's mounts) and counts a
# UDP sender in that namespace: 100 datagrams of 1000 bytes, 102800 IP bytes.
. "$NLG_LIB"
require_root
A_NS=nlg-x$$a
B_NS=nlg-x$$b
ns_pair "$A_NS" va 10.206.0.1/24 "$B_NS" vb 10.206.0.2/24
# Whether this machine can load the counter at all, outside ip netns exec.
if ! nsenter --net="/run/netns/$A_NS" "$NETLEDGER" conns --ebpf on > /dev/null 2> "$NLG_TMP/probe.err"; then
	grep -q "eBPF" "$NLG_TMP/probe.err" && skip "$(cat "$NLG_TMP/probe.err")"
	fail "netledger conns: $(cat "$NLG_TMP/probe.err")"
fi
ip netns exec "$A_NS" sh -c 'grep -q " - cgroup2 " /proc/self/mountinfo' &&
	echo "note: ip netns exec kept the cgroup2 mount visible here"

ip netns exec "$A_NS" "$NETLEDGER" apps --ebpf on --netns current > /dev/null 2> "$NLG_TMP/on.err" ||
	fail "apps --ebpf on under ip netns exec: $(cat "$NLG_TMP/on.err")"
ok "apps --ebpf on runs under ip netns exec"

ip netns exec "$A_NS" "$NETLEDGER" apps --watch 1 --json --group-by process > "$NLG_TMP/apps.json" \
	2> "$NLG_TMP/apps.err" &
P=$!
NLG_PIDS="$NLG_PIDS $P"
wait_lines "$NLG_TMP/apps.json" 1 15 || fail "apps printed nothing: $(cat "$NLG_TMP/apps.err")"
ip netns exec "$A_NS" "$NLG_TRAFFIC" udp 10.206.0.2 7009 100000 --size 1000 --linger 2 --timeout 30 ||
	fail "UDP sender"
sleep 1.5
kill -INT $P
wait $P || fail "apps exit status: $(cat "$NLG_TMP/apps.err")"
grep -q "eBPF" "$NLG_TMP/apps.err" && fail "apps: $(cat "$NLG_TMP/apps.err")"
last=$NLG_TMP/last.json
tail -n 1 "$NLG_TMP/apps.json" > "$last"
[ "$(jq .ebpf.active "$last")" = true ] || fail "eBPF counter off: $(jq -c .ebpf "$last")"
ok "the eBPF counter is on (auto) under ip netns exec"
tx=$(jq '[.processes[] | select(.cmdline | contains("7009")) | .tx_bytes] | add' "$last")
[ "$tx" = 102800 ] || fail "the UDP sender: $tx IP bytes, sent 102800"
ok "it counts the namespace's UDP sender exactly: $tx IP bytes"
