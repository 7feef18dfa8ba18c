#!/bin/sh
# daemon_bench.sh [BUILD_DIR] - CPU and memory of netledgerd sampling once
# a second for 60 s (DURATION) with 10 000 (CONNS) established loopback
# connections, in a network namespace of its own. Needs root. Prints the
# numbers; the targets (under 1% of one core, under 20 MiB RSS) are for a
# reader to compare, not asserted.
set -eu
BUILD=${1:-build}
DURATION=${DURATION:-60}
CONNS=${CONNS:-10000}
METRICS=${METRICS:-yes}   # "no": without the /metrics endpoint, for comparison
EBPF=${EBPF:-auto}        # the eBPF socket counter: auto, on or off
APPS_INTERVAL=${APPS_INTERVAL:-5s}
SAMPLING=${SAMPLING:-auto}   # socket samples: auto (incremental with eBPF) or full
# Whose sockets: the bench's own namespace by default, so that another
# namespace's sockets on a shared machine do not enter the figures; "all"
# is the daemon's own default.
NETNS=${NETNS:-current}
[ "$(id -u)" -eq 0 ] || { echo "daemon_bench: needs root"; exit 77; }
NS=nlg-bench$$
TMP=$(mktemp -d)
PIDS=""
cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null || true; done
	for p in $PIDS; do wait "$p" 2>/dev/null || true; done
	ip netns del "$NS" 2>/dev/null || true
	rm -rf "$TMP"
}
trap cleanup EXIT INT TERM
ip netns add "$NS"
ip -n "$NS" link set lo up
nsenter --net="/run/netns/$NS" "$BUILD/bench/holdconns" "$CONNS" 7001 > "$TMP/hold" 2>&1 &
PIDS="$PIDS $!"
n=0
until grep -q ready "$TMP/hold" 2>/dev/null; do
	n=$((n + 1))
	[ "$n" -lt 600 ] || { echo "daemon_bench: holdconns: $(cat "$TMP/hold")"; exit 1; }
	sleep 0.1
done
printf 'interval = 1s\nflush_interval = 10s\napps = yes\nmetrics = %s\nport = 9753\nebpf = %s\napps_interval = %s\nsampling = %s\nnetns = %s\n' \
	"$METRICS" "$EBPF" "$APPS_INTERVAL" "$SAMPLING" "$NETNS" \
	> "$TMP/d.conf"
nsenter --net="/run/netns/$NS" "$BUILD/src/netledgerd" -f --db "$TMP/h.db" --config "$TMP/d.conf" \
	> "$TMP/log" 2>&1 &
D=$!
PIDS="$D $PIDS"
sleep 3 # start-up: the first full scan of /proc is not the steady state
ticks() { awk '{ print $14 + $15 }' "/proc/$D/stat"; }
t0=$(ticks)
s0=$(date +%s%N)
sleep "$DURATION"
t1=$(ticks)
s1=$(date +%s%N)
hz=$(getconf CLK_TCK)
rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$D/status")
hwm=$(awk '/^VmHWM/ { print $2 }' "/proc/$D/status")
metrics=$(ip netns exec "$NS" curl -sf http://127.0.0.1:9753/metrics || true)
conns=$(echo "$metrics" | awk '/^netledger_connections[{ ]/ { s += $2 } END { print s + 0 }')
sum=$(echo "$metrics" | awk '$1 == "netledger_sample_duration_seconds_sum" { print $2 }')
cnt=$(echo "$metrics" | awk '$1 == "netledger_sample_duration_seconds_count" { print $2 }')
awk -v t="$((t1 - t0))" -v hz="$hz" -v ns="$((s1 - s0))" -v rss="$rss" -v hwm="$hwm" \
	-v c="$conns" -v sum="${sum:-0}" -v cnt="${cnt:-0}" -v d="$DURATION" -v m="$METRICS" \
	-v ai="$APPS_INTERVAL" -v sm="$SAMPLING" 'BEGIN {
	cpu = t / hz / (ns / 1e9) * 100
	printf "daemon_bench: %d s at 1 Hz, apps every %s, sampling %s, metrics %s: " \
	       "CPU %.2f%% of one core, RSS %.1f MiB (peak %.1f MiB)", d, ai, sm, m, cpu,
	       rss / 1024, hwm / 1024
	if (cnt > 0)
		printf ", %d sockets seen, mean sample %.1f ms", c, sum / cnt * 1000
	printf "\n"
}'
kill -TERM "$D"
wait "$D"
PIDS=${PIDS#"$D "}
echo "daemon_bench: database after the run: $(stat -c %s "$TMP/h.db") bytes"
