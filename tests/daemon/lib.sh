# Helpers of the daemon tests (sourced after tests/netns/lib.sh).

# conf FILE KEY=VALUE...: a configuration file, one setting a line.
conf() {
	f=$1
	shift
	: > "$f"
	for kv in "$@"; do
		echo "${kv%%=*} = ${kv#*=}" >> "$f"
	done
}

# daemon_start NS DB CONF [LOG]: netledgerd in the foreground inside NS
# (nsenter keeps /sys and the cgroups visible); sets DPID.
daemon_start() {
	nsenter --net="/run/netns/$1" "$NETLEDGERD" --foreground --db "$2" --config "$3" \
		>> "${4:-$NLG_TMP/daemon.log}" 2>&1 &
	DPID=$!
	NLG_PIDS="$NLG_PIDS $DPID"
}

# daemon_stop: SIGTERM, and the exit status must be 0.
daemon_stop() {
	kill -TERM "$DPID" 2>/dev/null
	wait "$DPID" || fail "netledgerd exited with $? on SIGTERM: $(tail -n 3 "$NLG_TMP/daemon.log")"
}

# hist_bytes DB IFACE DIR: the stored total of rx or tx, all months.
hist_bytes() {
	"$NETLEDGER" history --db "$1" -i "$2" --months --since @0 --json 2>/dev/null |
		jq "[.rows[].$3_bytes] | add // 0"
}

# app_bytes DB: the stored rx + tx of every app (and "other"), all months.
app_bytes() {
	"$NETLEDGER" history --db "$1" --apps --months --since @0 --json |
		jq '[.apps[] | .rx_bytes + .tx_bytes] | add // 0'
}

# wait_quiet NS IF: until the interface's counters stop moving (1 s).
wait_quiet() {
	n=0
	a=$(ip -n "$1" -s -j link show dev "$2" | jq -c '.[0].stats64 | [.rx.bytes, .tx.bytes]')
	while [ "$n" -lt 20 ]; do
		sleep 0.5
		b=$(ip -n "$1" -s -j link show dev "$2" | jq -c '.[0].stats64 | [.rx.bytes, .tx.bytes]')
		[ "$a" = "$b" ] && return 0
		a=$b
		n=$((n + 1))
	done
	fail "$2 never went quiet"
}
