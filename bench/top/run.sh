#!/bin/sh
# bench/top/run.sh [CONNECTIONS] [SECONDS]: the CPU cost of keeping
# `netledger top` open, against nethogs, in the same run and over the same
# traffic. In a network namespace made here, a helper holds CONNECTIONS
# established loopback TCP connections (default 10 000) while one sender
# moves 8 MiB/s over another; both views run full-screen in tmux at a
# one-second refresh, side by side (nethogs -a to capture on loopback; top
# with --netns of that namespace only, as nethogs, so that other namespaces
# on the machine do not count), and the CPU time each uses (user +
# system, every thread, from /proc/PID/stat) over SECONDS (default 30)
# after a warm-up is printed per second of wall time, with the ratio.
# NETLEDGER_SAMPLING (auto, or unset for full dumps) is passed to top, and
# the mode top says it ran with is printed. NETLEDGER_TOP=PATH runs another
# build of netledger (a baseline) on the same bench.
# Needs root. Asserts nothing. Every process it started and the namespace
# are gone when it ends, also after a failure or Ctrl-C.
set -eu
cd "$(dirname "$0")/../.."
CONNS=${1:-10000}
SECS=${2:-30}
[ "$(id -u)" -eq 0 ] || { echo "bench/top needs root (it creates a namespace)"; exit 2; }
scripts/setup.sh
if ! command -v nethogs >/dev/null 2>&1; then
	echo "bench/top: installing nethogs"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends nethogs >/dev/null
fi
[ -f build/build.ninja ] || meson setup build >/dev/null
ninja -C build >/dev/null

TOP=${NETLEDGER_TOP:-$PWD/build/src/netledger}
SAMPLING=${NETLEDGER_SAMPLING:-}
NS=nlg-tbench-$$
TMP=$(mktemp -d)
SOCK=$TMP/tmux.sock
SLEEP=
# Everything this bench starts runs inside $NS, so the namespace's own
# list of processes is what to stop: no pid of a wrapper or subshell to
# trust (and the sleep of pause(), outside it). TERM first (holdconns
# waits for it), KILL what is left after 5 s.
ns_pids() { ip netns pids "$NS" 2>/dev/null || true; }
cleanup() {
	trap - EXIT HUP INT PIPE TERM
	[ -z "$SLEEP" ] || kill "$SLEEP" 2>/dev/null || true
	tmux -S "$SOCK" kill-server 2>/dev/null || true
	if [ -e "/run/netns/$NS" ]; then
		p=$(ns_pids)
		[ -z "$p" ] || kill $p 2>/dev/null || true
		n=0
		while [ -n "$(ns_pids)" ] && [ $n -lt 50 ]; do
			sleep 0.1
			n=$((n + 1))
		done
		p=$(ns_pids)
		[ -z "$p" ] || kill -9 $p 2>/dev/null || true
		wait 2>/dev/null || true
		ip netns del "$NS" 2>/dev/null || true
	fi
	rm -rf "$TMP"
}
# a signal that would end the shell at once would skip the EXIT trap: a
# closed terminal (HUP), a reader gone (PIPE: run.sh | head), Ctrl-C, TERM
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 141' PIPE
trap 'exit 143' TERM
ip netns add "$NS"
ip -n "$NS" link set lo up

# until FILE has PATTERN, at most SECONDS
wait_for() {
	n=0
	until grep -q "$2" "$1" 2>/dev/null; do
		n=$((n + 1))
		[ $n -lt $(($3 * 10)) ] || { echo "bench/top: $1 never said '$2'"; exit 1; }
		sleep 0.1
	done
}

# plain commands (no shell function) in the background: nsenter execs them
nsenter --net="/run/netns/$NS" build/bench/holdconns "$CONNS" 9000 > "$TMP/hold" &
wait_for "$TMP/hold" ready 120
nsenter --net="/run/netns/$NS" build/tests/netns/nlg-traffic sink 127.0.0.1 9100 \
	--timeout $((SECS + 120)) > "$TMP/sink" &
wait_for "$TMP/sink" ready 10
nsenter --net="/run/netns/$NS" build/tests/netns/nlg-traffic send 127.0.0.1 9100 \
	$((8 * 1048576 * (SECS + 100))) --rate $((8 * 1048576)) --timeout $((SECS + 100)) \
	> /dev/null &

# the pid of the program a tmux pane runs (the pane's shell execs it)
pane_pid() { tmux -S "$SOCK" list-panes -t "=$1:" -F '#{pane_pid}'; }
tmux -S "$SOCK" -f /dev/null new-session -d -s top -x 132 -y 40 \
	"exec env NETLEDGER_SAMPLING='$SAMPLING' nsenter --net=/run/netns/$NS $TOP top -n -d 1 --netns $NS"
tmux -S "$SOCK" new-session -d -s hogs -x 132 -y 40 \
	"exec nsenter --net=/run/netns/$NS nethogs -a -d 1 lo"
TOP_PID=$(pane_pid top)
HOGS_PID=$(pane_pid hogs)

# user + system clock ticks of a process, all its threads
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
# a sleep that Ctrl-C or TERM cuts short (a trap runs only between commands)
pause() { sleep "$1" & SLEEP=$!; wait $SLEEP; SLEEP=; }
pause 5
for p in $TOP_PID $HOGS_PID; do
	[ -r "/proc/$p/stat" ] || { echo "bench/top: a view did not start"; exit 1; }
done
t0=$(date +%s.%N)
a0=$(ticks "$TOP_PID")
b0=$(ticks "$HOGS_PID")
pause "$SECS"
a1=$(ticks "$TOP_PID")
b1=$(ticks "$HOGS_PID")
t1=$(date +%s.%N)
hz=$(getconf CLK_TCK)
tmux -S "$SOCK" capture-pane -p -t '=top:' | head -n 12 > "$TMP/top.txt"

# the title line ends with " - incremental" when top samples incrementally
mode="full (top's title does not say incremental)"
head -n 1 "$TMP/top.txt" | grep -q ' - incremental' && mode=incremental
echo "== $CONNS connections held, 8 MiB/s over one more, ${SECS} s at a 1 s refresh"
echo "top: NETLEDGER_SAMPLING=${SAMPLING:-(unset)}, sampling $mode"
awk -v a="$((a1 - a0))" -v b="$((b1 - b0))" -v hz="$hz" -v t0="$t0" -v t1="$t1" 'BEGIN {
	wall = t1 - t0
	top = a / hz / wall
	hogs = b / hz / wall
	printf "netledger top  %.4f CPU s/s\n", top
	printf "nethogs        %.4f CPU s/s\n", hogs
	if (hogs > 0)
		printf "ratio top / nethogs: %.2f\n", top / hogs
}'
echo "-- top's screen at the end:"
cat "$TMP/top.txt"
