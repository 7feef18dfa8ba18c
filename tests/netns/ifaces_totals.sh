#!/bin/sh
# The machine's total: the total row and JSON's "total" are exactly the sum
# of the interfaces they name, keep the bytes of an interface that
# vanished, never decrease, and never count loopback.
#
# A namespace cannot hold a real NIC, and every link made in one has a
# driver kind (veth), which makes it virtual. The stand-in for a physical
# link: netledger reads the namespace's links from /proc/net/dev
# (--source procfs), where links have no kind, with a sysfs tree made
# here (--sysfs-root) that copies the kernel's own files and marks one veth
# (ph0) as a device outside /sys/devices/virtual, as a NIC is: it is then
# classified as ethernet. The other two veths stay virtual.
. "$NLG_LIB"
require_root
A=nlg-t$$a
B=nlg-t$$b
C=nlg-t$$c
D=nlg-t$$d
for ns in "$A" "$B" "$C" "$D"; do ns_new "$ns"; done
veth_pair "$A" va1 10.211.1.1/24 "$B" vb 10.211.1.2/24
veth_pair "$A" va2 10.211.2.1/24 "$C" vc 10.211.2.2/24
veth_pair "$A" ph0 10.211.3.1/24 "$D" vd 10.211.3.2/24

# The fake sysfs: each link's files as the kernel has them; veths under
# devices/virtual (a symlink, as /sys/class/net has), ph0 a plain directory.
FAKE=$NLG_TMP/sys
make_fake_sysfs() {
	ip netns exec "$A" sh -c '
		fake=$1
		mkdir -p "$fake/class/net" "$fake/devices/virtual/net"
		for dev in /sys/class/net/*; do
			n=${dev##*/}
			if [ "$n" = ph0 ]; then d=$fake/class/net/$n; mkdir -p "$d"
			else d=$fake/devices/virtual/net/$n; mkdir -p "$d"; ln -s "$d" "$fake/class/net/$n"
			fi
			for f in ifindex mtu flags operstate address type; do
				cat "$dev/$f" > "$d/$f" 2>/dev/null
			done
		done' sh "$FAKE" || fail "fake sysfs"
}
make_fake_sysfs
NL="$NETLEDGER ifaces --source procfs --sysfs-root $FAKE"

sink_start "$B" 10.211.1.2 5101 "$NLG_TMP/sb.txt" --timeout 60
sink_start "$C" 10.211.2.2 5102 "$NLG_TMP/sc.txt" --timeout 60
sink_start "$D" 10.211.3.2 5103 "$NLG_TMP/sd.txt" --timeout 60
sink_start "$A" 127.0.0.1 5104 "$NLG_TMP/sl.txt" --timeout 60

# Classification on the fake tree, before any traffic.
ip netns exec "$A" $NL --json > "$NLG_TMP/c.json" || fail "ifaces --json on the fake tree"
q() { jq -r "$1" "$NLG_TMP/c.json"; }
[ "$(q '.interfaces[] | select(.name == "ph0") | .type')" = ethernet ] || fail "ph0 not ethernet"
[ "$(q '.interfaces[] | select(.name == "va1") | .type')" = virtual ] || fail "va1 not virtual"
[ "$(q '.total.physical.interfaces | join(" ")')" = ph0 ] || fail "physical: $(q '.total.physical.interfaces')"
[ "$(q '.total.all.interfaces | sort | join(" ")')" = "ph0 va1 va2" ] || fail "all: $(q '.total.all.interfaces')"
ok "ph0 counts as physical, the veths only in 'all', loopback in neither"

ip netns exec "$A" $NL --json --watch 0.3 > "$NLG_TMP/w.json" &
W=$!
NLG_PIDS="$NLG_PIDS $W"
wait_lines "$NLG_TMP/w.json" 1 10 || fail "watch printed nothing"


ip netns exec "$A" "$NLG_TRAFFIC" send 10.211.1.2 5101 1000000 --timeout 60 || fail "send va1"
ip netns exec "$A" "$NLG_TRAFFIC" udp 10.211.2.2 5102 200000 || fail "udp va2"
ip netns exec "$A" "$NLG_TRAFFIC" udp 10.211.3.2 5103 300000 || fail "udp ph0"
ip netns exec "$A" "$NLG_TRAFFIC" send 127.0.0.1 5104 2000000 --timeout 60 || fail "send lo"
n=$(wc -l < "$NLG_TMP/w.json")
wait_lines "$NLG_TMP/w.json" $((n + 2)) 10 || fail "watch stalled"

# va2 vanishes: its bytes must stay in the since-start totals.
ip -n "$A" link del va2 || fail "delete va2"
n=$(wc -l < "$NLG_TMP/w.json")
wait_lines "$NLG_TMP/w.json" $((n + 3)) 10 || fail "watch stalled after the delete"
kill -INT "$W"
wait "$W" || fail "watch exit status"

last() { tail -n 1 "$NLG_TMP/w.json" | jq -r "$1"; }
[ "$(last '.interfaces[] | select(.name == "va2") | .state')" = gone ] || fail "va2 not gone"
# For each scope and view, the total equals the sum over the named
# interfaces, gone ones included.
for scope in physical all; do
	for view in total since_start; do
		for dir in rx_bytes tx_bytes; do
			got=$(last ".total.$scope.$view.$dir")
			sum=$(last "[.total.$scope.interfaces as \$n | .interfaces[] |
				select(.name as \$x | \$n | index(\$x)) | .$view.$dir] | add // 0")
			[ "$got" = "$sum" ] || fail "$scope $view $dir: total $got, sum of rows $sum"
		done
	done
done
ok "total = sum of the counted interfaces, for both scopes, totals and since start"

ph_tx=$(last '.total.physical.since_start.tx_bytes')
[ "$ph_tx" -ge 300000 ] && [ "$ph_tx" -lt 330000 ] || fail "physical tx $ph_tx for 300000 bytes sent"
va2_tx=$(last '.interfaces[] | select(.name == "va2") | .since_start.tx_bytes')
[ "$va2_tx" -ge 200000 ] || fail "gone va2 tx $va2_tx"
all_tx=$(last '.total.all.since_start.tx_bytes')
[ "$all_tx" -ge 1500000 ] || fail "all tx $all_tx for 1.5 MB sent"
lo_tx=$(last '.interfaces[] | select(.name == "lo") | .since_start.tx_bytes')
[ "$lo_tx" -ge 2000000 ] || fail "loopback moved only $lo_tx"
[ "$all_tx" -lt "$lo_tx" ] || fail "loopback's $lo_tx bytes seem counted in $all_tx"
last '.total.all.interfaces[]' | grep -qx lo && fail "lo in the total"
ok "known traffic: physical $ph_tx (300000 sent), all $all_tx with gone va2's $va2_tx, loopback's $lo_tx left out"

# Across every frame: since-start totals never decrease, rates never negative.
jq -s -e '[.[] | .total | [.physical, .all] | map(.since_start.rx_bytes, .since_start.tx_bytes)]
	as $f | [range(1; $f | length) as $i | range(0; 4) as $k | $f[$i][$k] >= $f[$i - 1][$k]] | all' \
	"$NLG_TMP/w.json" > /dev/null || fail "a since-start total decreased"
jq -s -e '[.[] | .total[] | .rate.rx_bytes >= 0 and .rate.tx_bytes >= 0] | all' \
	"$NLG_TMP/w.json" > /dev/null || fail "a negative total rate"
ok "since-start totals never decrease across $(wc -l < "$NLG_TMP/w.json") frames, rates never negative"

# The table's last row, both scopes.
rm -rf "$FAKE"
make_fake_sysfs
ip netns exec "$A" $NL > "$NLG_TMP/t.txt" || fail "table"
tail -n 1 "$NLG_TMP/t.txt" | grep -q '^total  *physical .* ph0$' || fail "total row: $(tail -n 1 "$NLG_TMP/t.txt")"
ip netns exec "$A" $NL --total all | tail -n 1 | grep -q '^total  *all .* va1 ph0$' || fail "total all row"
ip netns exec "$A" $NL -i ph0 | grep -q '^total' && fail "a total row under -i"
ip netns exec "$A" $NL --total bogus 2>/dev/null
[ $? -eq 2 ] || fail "--total bogus exit code"
ok "table ends with the total row and the names it counts"

# No wireless interface here: the monitor opened no generic netlink socket
# (protocol 16 in /proc/net/netlink), while its rtnetlink ones (0) are seen.
ip netns exec "$A" "$NETLEDGER" ifaces --watch 0.2 --count 50 > "$NLG_TMP/nl.txt" &
W2=$!
NLG_PIDS="$NLG_PIDS $W2"
wait_for "$NLG_TMP/nl.txt" '^total' 10 || fail "netlink watch printed nothing"
nl_protos() {
	for i in $(ls -l "/proc/$W2/fd" | sed -n 's/.*socket:\[\([0-9]*\)\]$/\1/p'); do
		ip netns exec "$A" awk -v i="$i" '$10 == i { print $2 }' /proc/net/netlink
	done
}
nl_protos > "$NLG_TMP/protos.txt"
grep -qx 0 "$NLG_TMP/protos.txt" || fail "cannot see the monitor's netlink sockets"
grep -qx 16 "$NLG_TMP/protos.txt" && fail "a generic netlink socket without a wireless interface"
kill "$W2"
ok "no generic netlink socket without a wireless interface"

# With netlink, every link here has a kind: nothing is physical.
ip netns exec "$A" "$NETLEDGER" ifaces --json > "$NLG_TMP/n.json" || fail "netlink json"
[ "$(jq '.total.physical.interfaces | length' "$NLG_TMP/n.json")" = 0 ] || fail "netlink physical"
[ "$(jq '.total.physical.total.rx_bytes' "$NLG_TMP/n.json")" = 0 ] || fail "netlink physical bytes"
[ "$(jq -r '.total.all.interfaces | sort | join(" ")' "$NLG_TMP/n.json")" = "ph0 va1" ] ||
	fail "netlink all: $(jq -c '.total.all.interfaces' "$NLG_TMP/n.json")"
ok "through netlink the veths are virtual: physical total 0"
