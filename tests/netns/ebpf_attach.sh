#!/bin/sh
# The eBPF socket counter beside others: an unrelated cgroup_skb program
# attached to the cgroup root first, and two netledger monitors at once.
# Everyone keeps working (nothing is replaced), and after the monitors are
# killed with SIGKILL none of their programs is left attached or loaded.
# The monitors' programs are known by the ids their file descriptors hold,
# so that another netledger running on the machine is not taken for them.
. "$NLG_LIB"
require_root
need nsenter bpftool
[ -f "${NLG_OTHER_BPF:-}" ] || lacks "the test program was not built (no clang bpf target)"
CG=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
[ -n "$CG" ] || skip "no cgroup v2 hierarchy"
NS=nlg-b$$
ns_new "$NS"
ip -n "$NS" addr add 10.206.0.1/24 dev lo
PIN=/sys/fs/bpf/nlg-other-$$
mount | grep -q " /sys/fs/bpf " || mount -t bpf bpf /sys/fs/bpf 2>/dev/null
detach_other() {
	bpftool cgroup detach "$CG" egress pinned "$PIN/other_egress" 2>/dev/null
	rm -rf "$PIN"
}
trap 'detach_other; cleanup' EXIT INT TERM

bpftool prog loadall "$NLG_OTHER_BPF" "$PIN" type cgroup/skb 2>"$NLG_TMP/load.err" ||
	skip "the kernel refuses eBPF here: $(head -n 1 "$NLG_TMP/load.err")"
bpftool cgroup attach "$CG" egress pinned "$PIN/other_egress" multi ||
	fail "cannot attach the unrelated program"
other_id=$(bpftool -j prog show pinned "$PIN/other_egress" | jq .id)
other_map=$(bpftool -j prog show pinned "$PIN/other_egress" | jq '.map_ids[0]')
other_count() { bpftool -j map dump id "$other_map" | jq '.[0].formatted.value // .[0].value'; }
# the programs that processes hold: the prog_id of their fds (each
# program's own and its link's), as a JSON array
held_progs() {
	for p; do cat /proc/"$p"/fdinfo/* 2>/dev/null; done |
		awk '$1 == "prog_id:" { print $2 }' | sort -un | jq -sc .
}
# how many of OURS (set below) are in a bpftool listing
ours_in() { jq --argjson o "$OURS" '[.[] | select(.id as $i | any($o[]; . == $i))] | length'; }
ours_attached() { bpftool -j cgroup show "$CG" | ours_in; }
ours_loaded() { bpftool -j prog show | ours_in; }

in_ns() { nsenter --net="/run/netns/$NS" "$@"; }
nsenter --net="/run/netns/$NS" "$NETLEDGER" watch --json --interval 1 --ebpf on --netns current \
	> "$NLG_TMP/w1.json" 2> "$NLG_TMP/w1.err" &
W1=$!
nsenter --net="/run/netns/$NS" "$NETLEDGER" watch --json --interval 1 --ebpf on --netns current \
	> "$NLG_TMP/w2.json" 2> "$NLG_TMP/w2.err" &
W2=$!
NLG_PIDS="$NLG_PIDS $W1 $W2"
wait_lines "$NLG_TMP/w1.json" 1 10 || sleep 2
n=0  # five programs each: skb in and out, sock create and release, sock_ops
while OURS=$(held_progs $W1 $W2); [ "$(echo "$OURS" | jq length)" -lt 10 ]; do
	n=$((n + 1))
	[ "$n" -gt 50 ] && fail "the two monitors hold $(echo "$OURS" | jq length) programs, not 10: $(cat "$NLG_TMP/w1.err" "$NLG_TMP/w2.err")"
	sleep 0.1
done
echo "  the monitors' programs: $OURS"
n=$(ours_attached)
echo "  netledger programs attached: $n"
[ "$n" = 10 ] || fail "the two monitors' programs are not all attached ($n of 10): $(cat "$NLG_TMP/w1.err")"
bpftool -j cgroup show "$CG" | jq -e --argjson id "$other_id" 'any(.[]; .id == $id)' >/dev/null ||
	fail "the unrelated program was detached"
ok "two monitors attached beside the unrelated program"

c0=$(other_count)
in_ns "$NLG_TRAFFIC" sink 10.206.0.1 7005 --timeout 30 > "$NLG_TMP/sink.txt" &
NLG_PIDS="$NLG_PIDS $!"
wait_for "$NLG_TMP/sink.txt" ready 10 || fail "sink did not start"
in_ns "$NLG_TRAFFIC" udp 10.206.0.1 7005 100000 --size 1000 --linger 2 --timeout 30 ||
	fail "udp sender failed"
sleep 1.5
c1=$(other_count)
echo "  unrelated program's packets: $c0 -> $c1"
[ "$c1" -ge $((c0 + 100)) ] || fail "the unrelated program stopped counting ($c0 -> $c1)"
for w in w1 w2; do
	# the sender's socket is unconnected: found by its bytes
	jq -e 'select(.event == "removed" and .connection.proto == "udp"
		and .connection.tx_ip_bytes == 102800)' "$NLG_TMP/$w.json" > /dev/null ||
		fail "$w did not count the UDP socket: $(cat "$NLG_TMP/$w.err")"
done
ok "the unrelated program and both monitors count the same traffic"

kill -KILL $W1 $W2
wait $W1 2>/dev/null
wait $W2 2>/dev/null
n=0  # five programs each: skb in and out, sock create and release, sock_ops
while [ "$(ours_attached)" != 0 ] || [ "$(ours_loaded)" != 0 ]; do
	n=$((n + 1))
	[ "$n" -gt 50 ] && fail "programs left after SIGKILL: attached $(ours_attached), loaded $(ours_loaded)"
	sleep 0.1
done
ok "nothing left attached or loaded after SIGKILL"
bpftool -j cgroup show "$CG" | jq -e --argjson id "$other_id" 'any(.[]; .id == $id)' >/dev/null ||
	fail "the unrelated program was detached"
ok "the unrelated program is still attached"
