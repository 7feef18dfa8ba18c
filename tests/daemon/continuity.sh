#!/bin/sh
# Bytes that cross a veth while netledgerd is stopped are in the history
# exactly once after it starts again; a re-created interface (same name,
# new ifindex, counters from zero) and a new boot count from zero.
. "$NLG_LIB"
. "$NLG_DAEMON_LIB"
require_root
need nsenter
need setpriv
A=nlg-dc$$a
B=nlg-dc$$b
ns_pair "$A" va 10.203.0.1/24 "$B" vb 10.203.0.2/24
quiet_neigh "$A" va 10.203.0.1 "$B" vb 10.203.0.2
DB=$NLG_TMP/h.db
echo "fixed-boot-$$" > "$NLG_TMP/boot_id"
conf "$NLG_TMP/d.conf" interval=200ms flush_interval=1s metrics=no apps=no \
	boot_id_file="$NLG_TMP/boot_id"

run_once() { daemon_start "$A" "$DB" "$NLG_TMP/d.conf"; sleep 1.5; daemon_stop; }
kernel() { kernel_counter "$A" va "$1"; }
transfer() { # BYTES PORT: B sends BYTES to a sink in A
	ip netns exec "$A" "$NLG_TRAFFIC" sink 10.203.0.1 "$2" --once --timeout 30 > "$NLG_TMP/sink$2" &
	NLG_PIDS="$NLG_PIDS $!"
	wait_for "$NLG_TMP/sink$2" ready 10 || fail "sink did not start"
	ip netns exec "$B" "$NLG_TRAFFIC" send 10.203.0.1 "$2" "$1" --timeout 30 || fail "send"
	wait_for "$NLG_TMP/sink$2" "received $1" 10 || fail "sink: $(cat "$NLG_TMP/sink$2")"
	wait_quiet "$A" va
}
# check WHAT HIST_BEFORE_RX HIST_BEFORE_TX KERNEL_MOVED_RX KERNEL_MOVED_TX
check() {
	h_rx=$(hist_bytes "$DB" va rx)
	h_tx=$(hist_bytes "$DB" va tx)
	[ $((h_rx - $2)) -eq "$4" ] || fail "$1: history rx grew by $((h_rx - $2)), kernel moved $4"
	[ $((h_tx - $3)) -eq "$5" ] || fail "$1: history tx grew by $((h_tx - $3)), kernel moved $5"
	ok "$1: rx $4 and tx $5 bytes recorded once"
}

# A first run records the interface; the link is quiet.
wait_quiet "$A" va
run_once
h1_rx=$(hist_bytes "$DB" va rx)
h1_tx=$(hist_bytes "$DB" va tx)
k1_rx=$(kernel rx)
k1_tx=$(kernel tx)

PAYLOAD=$((3 * 1024 * 1024 + 12345))
transfer "$PAYLOAD" 5101
k2_rx=$(kernel rx)
k2_tx=$(kernel tx)
[ $((k2_rx - k1_rx)) -ge "$PAYLOAD" ] || fail "the kernel moved less than the payload"
daemon_start "$A" "$DB" "$NLG_TMP/d.conf"
sleep 1.5
# Read while the daemon writes, and from a bare copy of the file.
live=$(hist_bytes "$DB" va rx)
[ -n "$live" ] && [ "$live" -ge "$h1_rx" ] || fail "history while the daemon runs: '$live'"
mkdir "$NLG_TMP/ro"
cp "$DB" "$NLG_TMP/ro/copy.db"
chmod 644 "$NLG_TMP/ro/copy.db"
chmod 555 "$NLG_TMP/ro"
chmod 755 "$NLG_TMP"
daemon_stop
check "restart in one boot" "$h1_rx" "$h1_tx" $((k2_rx - k1_rx)) $((k2_tx - k1_tx))
grep -q "recording" "$NLG_TMP/daemon.log" || fail "no start message"
# The copy sits in a directory its reader cannot write (no WAL index).
copy=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$NETLEDGER" history \
	--db "$NLG_TMP/ro/copy.db" -i va --months --since @0 --json | jq '[.rows[].rx_bytes] | add // 0')
[ -n "$copy" ] && [ "$copy" -le "$(hist_bytes "$DB" va rx)" ] || fail "history of a copy: '$copy'"
ok "read while the daemon writes ($live), and from a copy ($copy)"

# The table: today's row with a bar, and the total; CSV agrees with JSON.
today=$(date -u +%Y-%m-%d)
"$NETLEDGER" history --db "$DB" -i va --days > "$NLG_TMP/table" || fail "history table"
grep -q "^ va, by day (UTC)" "$NLG_TMP/table" || fail "table title: $(cat "$NLG_TMP/table")"
grep -q "^ $today .*#" "$NLG_TMP/table" || fail "no row with a bar for $today: $(cat "$NLG_TMP/table")"
grep -q "^ total " "$NLG_TMP/table" || fail "no total line"
csv_rx=$("$NETLEDGER" history --db "$DB" -i va --months --since @0 --csv | awk -F, 'NR > 1 { s += $3 } END { print s + 0 }')
[ "$csv_rx" = "$(hist_bytes "$DB" va rx)" ] || fail "CSV rx $csv_rx differs from JSON"
ok "table, CSV and JSON agree"

# The interface is re-created while the daemon is down: new counters.
h2_rx=$(hist_bytes "$DB" va rx)
h2_tx=$(hist_bytes "$DB" va tx)
ip -n "$A" link del va
veth_pair "$A" va 10.203.0.1/24 "$B" vb 10.203.0.2/24
quiet_neigh "$A" va 10.203.0.1 "$B" vb 10.203.0.2
transfer $((1024 * 1024)) 5102
run_once
check "re-created interface" "$h2_rx" "$h2_tx" "$(kernel rx)" "$(kernel tx)"

# A new boot: stored readings are of another boot; counting restarts from
# zero readings, with no jump from the difference to the old ones.
h3_rx=$(hist_bytes "$DB" va rx)
h3_tx=$(hist_bytes "$DB" va tx)
echo "other-boot-$$" > "$NLG_TMP/boot_id"
run_once
check "new boot" "$h3_rx" "$h3_tx" "$(kernel rx)" "$(kernel tx)"
[ "$(sqlite3 "$DB" "SELECT value FROM info WHERE key = 'boot_id'")" = "other-boot-$$" ] ||
	fail "boot id not stored"
ok "boot id kept in the info table"

# SIGTERM writes what waits for the next flush: with an hour between
# flushes, the bytes of a short run are there only through the last one.
conf "$NLG_TMP/slow.conf" interval=200ms flush_interval=1h metrics=no apps=no \
	boot_id_file="$NLG_TMP/boot_id"
h4_rx=$(hist_bytes "$DB" va rx)
h4_tx=$(hist_bytes "$DB" va tx)
k4_rx=$(kernel rx)
k4_tx=$(kernel tx)
daemon_start "$A" "$DB" "$NLG_TMP/slow.conf"
sleep 1
transfer $((512 * 1024)) 5103
sleep 0.5
daemon_stop
check "final flush on SIGTERM" "$h4_rx" "$h4_tx" $(($(kernel rx) - k4_rx)) $(($(kernel tx) - k4_tx))
