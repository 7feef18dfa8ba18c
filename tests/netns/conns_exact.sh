#!/bin/sh
# Per-process TCP payload counted exactly from kernel socket counters, in
# namespaces made here:
#   A sends 50 MiB over one connection, D (A's child) 3 MiB;
#   B makes 500 sequential 20 KiB connections, each closing at once;
#   C sends 5 MiB of UDP.
# A and D fold into one app; B's 500 connections are removed with final
# counts in `watch`; C's UDP socket has bytes "unknown" and its traffic is
# in the unattributed line.
. "$NLG_LIB"
[ -n "${NLG_KEEP:-}" ] && NLG_TMP=$NLG_KEEP
require_root
A_NS=nlg-k$$a
B_NS=nlg-k$$b
ns_new "$A_NS"
ns_new "$B_NS"
veth_pair "$A_NS" va 10.204.0.1/24 "$B_NS" vb 10.204.0.2/24
MIB=1048576

# A cgroup per sender, so a connection that closes between two samples is
# attributed by its cgroup (its inode is gone by then).
CG_ROOT=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)
[ -n "$CG_ROOT" ] && [ -w "$CG_ROOT" ] || skip "needs a writable cgroup v2 mount"
CG=$CG_ROOT/nlg-test-$$
mkdir "$CG" "$CG/A" "$CG/B" "$CG/C" || skip "cannot create cgroups"
cg_cleanup() {
	for d in A B C; do
		[ -d "$CG/$d" ] && while read -r p; do echo "$p" > "$CG_ROOT/cgroup.procs"; done < "$CG/$d/cgroup.procs"
		rmdir "$CG/$d" 2>/dev/null
	done
	rmdir "$CG" 2>/dev/null
}
trap 'cg_cleanup; cleanup' EXIT INT TERM

ip netns exec "$B_NS" "$NLG_TRAFFIC" sink 10.204.0.2 7001 --timeout 120 > "$NLG_TMP/sink.txt" &
NLG_PIDS="$NLG_PIDS $!"
wait_for "$NLG_TMP/sink.txt" ready 10 || fail "sink did not start"

# nsenter switches only the network namespace: unlike `ip netns exec`, it
# keeps the host's mounts, so the cgroup hierarchy stays visible.
# in_cgroup DIR CMD...: run CMD inside the cgroup DIR.
in_cgroup() { d=$1; shift; sh -c 'echo $$ > "$0/cgroup.procs" && exec "$@"' "$d" "$@"; }

nsenter --net="/run/netns/$A_NS" "$NETLEDGER" watch --json --interval 1 > "$NLG_TMP/watch.json" 2> "$NLG_TMP/watch.err" &
W=$!
nsenter --net="/run/netns/$A_NS" "$NETLEDGER" apps --group-by process --watch 1 --json > "$NLG_TMP/apps.json" 2>/dev/null &
P=$!
NLG_PIDS="$NLG_PIDS $W $P"
sleep 1.5

in_cgroup "$CG/A" nsenter --net="/run/netns/$A_NS" \
	"$NLG_TRAFFIC" send 10.204.0.2 7001 $((50 * MIB)) --child $((3 * MIB)) --linger 3 --timeout 60 &
SA=$!
in_cgroup "$CG/B" nsenter --net="/run/netns/$A_NS" \
	"$NLG_TRAFFIC" send 10.204.0.2 7001 20480 --connections 500 --linger 3 --timeout 60 &
SB=$!
in_cgroup "$CG/C" nsenter --net="/run/netns/$A_NS" \
	"$NLG_TRAFFIC" udp 10.204.0.2 7001 $((5 * MIB)) --size 1000 --linger 3 --timeout 60 &
SC=$!
wait $SA || fail "A failed"
wait $SB || fail "B failed"
wait $SC || fail "C failed"
sleep 2
kill -INT $W $P
wait $W
wait $P

grep -q "closures\|not seen" "$NLG_TMP/watch.err" && echo "note: $(cat "$NLG_TMP/watch.err")"

# Per-process payload, from the last frame of apps --group-by process.
last=$NLG_TMP/last.json
tail -n 1 "$NLG_TMP/apps.json" > "$last"
tx_of() { # cgroup suffix, [1 for the child]
	jq -r --arg cg "/nlg-test-$$/$1" '[.processes[] | select(.cgroup == $cg)] | sort_by(.pid) | .['"${2:-0}"'].tx_bytes' "$last"
}
a=$(tx_of A 0)
d=$(tx_of A 1)
b=$(tx_of B 0)
echo "  A $a, D $d, B $b"
[ "$a" = $((50 * MIB)) ] || fail "A sent $((50 * MIB)), netledger counted $a"
[ "$d" = $((3 * MIB)) ] || fail "D sent $((3 * MIB)), netledger counted $d"
[ "$b" = $((500 * 20480)) ] || fail "B sent $((500 * 20480)), netledger counted $b"
ok "per-process TCP payload exact: A 50 MiB, D 3 MiB, B 500 x 20 KiB"

apps_a=$(jq -r --arg cg "/nlg-test-$$/A" '[.processes[] | select(.cgroup == $cg) | .app] | unique | length' "$last")
[ "$apps_a" = 1 ] || fail "A and D are in $apps_a apps"
ok "A and D fold into one app"

removed=$(jq -r 'select(.event == "removed" and .connection.process.cgroup == "/nlg-test-'$$'/B") | .connection.tx_bytes' "$NLG_TMP/watch.json" | grep -c '^20480$')
[ "$removed" = 500 ] || fail "watch reported $removed of B's 500 connections removed with 20480 bytes"
ok "B's 500 connections removed in watch with their final counts"

udp=$(jq -r 'select(.connection.proto == "udp" and .connection.process.cgroup == "/nlg-test-'$$'/C") | .connection.bytes_known' "$NLG_TMP/watch.json" | sort -u)
[ "$udp" = false ] || fail "C's UDP socket: bytes_known '$udp'"
ok "C's UDP socket listed with bytes unknown"

un=$(jq -s '[.[].attribution.unattributed_tx_bytes] | add' "$NLG_TMP/apps.json")
[ "$un" -ge $((5 * MIB)) ] || fail "unattributed tx $un does not account for C's 5 MiB"
ok "unattributed line accounts for C's UDP traffic ($un bytes)"
