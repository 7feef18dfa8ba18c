#!/bin/sh
# netledgerd under steady traffic, killed with SIGKILL at 50 random
# moments: after each kill the database passes PRAGMA integrity_check and
# no stored total decreases. Interface bytes are not lost at all (the raw
# readings commit with the deltas they end); app bytes lose at most what
# the flush interval, the sample interval and the downtime held.
. "$NLG_LIB"
. "$NLG_DAEMON_LIB"
require_root
need nsenter
need sqlite3
KILLS=${NLG_CRASH_KILLS:-50}
A=nlg-dk$$a
B=nlg-dk$$b
ns_new "$A"
ns_new "$B"
veth_pair "$A" va 10.204.0.1/24 "$B" vb 10.204.0.2/24
quiet_neigh "$A" va 10.204.0.1 "$B" vb 10.204.0.2
DB=$NLG_TMP/h.db
RATE=1000000     # bytes per second of payload
FLUSH=1          # seconds
conf "$NLG_TMP/d.conf" interval=200ms apps_interval=200ms flush_interval=${FLUSH}s metrics=no apps=yes \
	netns=current

# A clean first run stores the quiet link's readings.
wait_quiet "$A" va
k0_rx=$(kernel_counter "$A" va rx)
k0_tx=$(kernel_counter "$A" va tx)
daemon_start "$A" "$DB" "$NLG_TMP/d.conf"
sleep 1.5
daemon_stop

ip netns exec "$B" "$NLG_TRAFFIC" sink 10.204.0.2 5201 --timeout 200 > "$NLG_TMP/sink" &
SINK=$!
NLG_PIDS="$NLG_PIDS $SINK"
wait_for "$NLG_TMP/sink" ready 10 || fail "sink did not start"
# The sender lives in A, so that its socket's bytes belong to an app there.
nsenter --net="/run/netns/$A" "$NLG_TRAFFIC" send 10.204.0.2 5201 $((RATE * 400)) \
	--rate "$RATE" --timeout 180 > /dev/null 2>&1 &
SEND=$!
NLG_PIDS="$NLG_PIDS $SEND"

prev_if=0
prev_app=0
down_ms=0
i=0
while [ "$i" -lt "$KILLS" ]; do
	i=$((i + 1))
	t0=$(date +%s%N)
	daemon_start "$A" "$DB" "$NLG_TMP/d.conf"
	# Up to 2.5 s: sometimes before the first flush, sometimes in one.
	ms=$(( $(od -An -N2 -tu2 /dev/urandom) % 2500 + 50 ))
	sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
	kill -KILL "$DPID"
	wait "$DPID" 2>/dev/null
	t1=$(date +%s%N)
	chk=$(sqlite3 "$DB" "PRAGMA integrity_check")
	[ "$chk" = ok ] || fail "kill $i: integrity_check says $chk"
	now_if=$(( $(hist_bytes "$DB" va rx) + $(hist_bytes "$DB" va tx) ))
	now_app=$(app_bytes "$DB")
	[ "$now_if" -ge "$prev_if" ] || fail "kill $i: interface total went from $prev_if to $now_if"
	[ "$now_app" -ge "$prev_app" ] || fail "kill $i: app total went from $prev_app to $now_app"
	prev_if=$now_if
	prev_app=$now_app
	t2=$(date +%s%N)
	down_ms=$((down_ms + (t2 - t1) / 1000000))
done
ok "$KILLS kills: integrity ok, totals never decreased"

kill "$SEND" 2>/dev/null
wait "$SEND" 2>/dev/null
wait_quiet "$A" va
daemon_start "$A" "$DB" "$NLG_TMP/d.conf"
sleep 1.5
daemon_stop
[ "$(sqlite3 "$DB" "PRAGMA integrity_check")" = ok ] || fail "final integrity_check"

# Interfaces: everything the kernel counted since the first run, once.
k_rx=$(( $(kernel_counter "$A" va rx) - k0_rx ))
k_tx=$(( $(kernel_counter "$A" va tx) - k0_tx ))
h_rx=$(hist_bytes "$DB" va rx)
h_tx=$(hist_bytes "$DB" va tx)
[ "$h_rx" -eq "$k_rx" ] || fail "va rx: history $h_rx, kernel $k_rx"
[ "$h_tx" -eq "$k_tx" ] || fail "va tx: history $h_tx, kernel $k_tx"
ok "interface bytes across $KILLS kills: history equals the kernel ($k_tx tx, $k_rx rx)"

# Apps: what the sender moved, minus at most flush + sample interval of
# traffic per kill and what flowed while no daemon ran.
sent=$(( k_tx ))
app=$(app_bytes "$DB")
allow=$(( KILLS * RATE * (FLUSH * 1000 + 200) / 1000 + RATE * down_ms / 1000 + RATE * 2 ))
[ "$app" -le "$sent" ] || fail "apps recorded $app bytes, more than the $sent sent"
[ $((sent - app)) -le "$allow" ] ||
	fail "apps lost $((sent - app)) bytes, more than the bound $allow"
ok "app bytes: $app of $sent recorded (bound on loss: $allow)"
