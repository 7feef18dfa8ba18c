# Traffic for the tests of netledger top (sourced after lib.sh): namespace
# TOP_A holds the senders and runs top, TOP_B the sinks, over a veth pair.
#   BUSY  a TCP sender at 4 MiB/s
#   IDLE  a TCP sender that sends 64 KiB and then waits (its connection
#         stays established)
#   UDPS  a UDP sender at 20 KB/s (its bytes are unknown to the kernel)
# All are bounded by --timeout and stopped by the cleanup.
TOP_A=nlg-t$$a
TOP_B=nlg-t$$b

# top_sender VAR ARGS...: starts nlg-traffic ARGS in TOP_A as an orphan
# (its parent gone); sets VAR to its pid. Each sender runs a copy of the
# program named nlg-<var> (nlg-busy...): runs of one program are one app,
# and these are three.
top_sender() {
	var=$1
	shift
	prog=$NLG_TMP/nlg-$(echo "$var" | tr 'A-Z' 'a-z')
	cp "$NLG_TRAFFIC" "$prog"
	(sh -c 'echo $$ > "$0.new"; mv "$0.new" "$0"; ns=$1 prog=$2; shift 2
		exec nsenter --net="/run/netns/$ns" "$prog" "$@" --timeout 120' \
		"$NLG_TMP/$var.pid" "$TOP_A" "$prog" "$@" > /dev/null 2>&1 &)
	wait_lines "$NLG_TMP/$var.pid" 1 10 2>/dev/null || fail "sender $var did not start"
	eval "$var=$(cat "$NLG_TMP/$var.pid")"
	NLG_PIDS="$NLG_PIDS $(cat "$NLG_TMP/$var.pid")"
}

top_traffic() {
	need nsenter
	ns_pair "$TOP_A" ta 10.205.0.1/24 "$TOP_B" tb 10.205.0.2/24
	for port in 7201 7202; do
		sink_start "$TOP_B" 10.205.0.2 $port "$NLG_TMP/sink$port.txt" --timeout 150
	done
	top_sender IDLE send 10.205.0.2 7202 100000000 --rate 1000
	top_sender BUSY send 10.205.0.2 7201 $((600 * 1048576)) --rate $((4 * 1048576))
	top_sender UDPS udp 10.205.0.2 7202 100000000 --rate 20000
}
