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

# wrk_ok FILE: wrk's report in FILE shows no socket or HTTP errors and more
# than 100 requests; prints it and sets REQS.
wrk_ok() {
	sed 's/^/  /' "$1"
	grep -q "Socket errors" "$1" && fail "socket errors under load"
	grep -q "Non-2xx" "$1" && fail "HTTP errors under load"
	REQS=$(awk '/requests in/ { print $1 }' "$1")
	[ "${REQS:-0}" -gt 100 ] || fail "only ${REQS:-0} requests served"
}

# samples_held S0 S1 T0 T1 INTERVAL_MS: the daemon took a sample every
# interval between T0 and T1 (ns), counts S0 and S1 (at most 10% missed).
samples_held() {
	want=$(( ($4 - $3) / 1000000 / $5 ))
	got=$(($2 - $1))
	echo "  samples during the load: $got (interval $5 ms over $(( ($4 - $3) / 1000000 )) ms: $want)"
	[ "$got" -ge $((want * 9 / 10 - 1)) ] || fail "sampling fell behind under load: $got of $want"
	[ "$got" -le $((want + 2)) ] || fail "more samples than the interval allows: $got of $want"
	ok "sampling interval held under load"
}

# samples_wait: until the caller's function `samples` (the daemon's own
# sample count) answers, at most 5 s.
samples_wait() {
	n=0
	until [ -n "$(samples 2>/dev/null)" ]; do
		n=$((n + 1))
		[ "$n" -lt 50 ] || fail "the daemon reports no samples: $(cat "$NLG_TMP/daemon.log")"
		sleep 0.1
	done
}

# load_held NS WHAT INTERVAL_MS WRK_ARGUMENT...: wrk from NS for 10 s
# serves WHAT with no errors while the daemon keeps sampling every
# INTERVAL_MS (counted by the caller's function `samples`).
load_held() {
	lh_ns=$1 lh_what=$2 lh_ms=$3
	shift 3
	s0=$(samples)
	t0=$(date +%s%N)
	ip netns exec "$lh_ns" wrk -t2 -c16 -d10s "$@" > "$NLG_TMP/wrk" 2>&1 ||
		fail "wrk: $(cat "$NLG_TMP/wrk")"
	s1=$(samples)
	t1=$(date +%s%N)
	wrk_ok "$NLG_TMP/wrk"
	ok "$REQS $lh_what requests in 10 s, no errors"
	samples_held "$s0" "$s1" "$t0" "$t1" "$lh_ms"
}
