#!/bin/sh
# One app per program, and exited processes that go:
#   a shell loop runs 300 short processes of nlg-traffic (10 at a time), each
#   sending exactly 10000 bytes on one connection, next to one long-running
#   nlg-traffic sender (100000 bytes, then alive and idle to the end);
#   apps shows one app for the program, with exactly the sum of the runs;
#   apps --group-by process shows each of the 300 runs, marked gone after
#   it exits; 15 s after the loop ends, neither apps nor top --batch lists
#   an exited run, and the app's totals are unchanged.
. "$NLG_LIB"
require_root
command -v nsenter >/dev/null || skip "needs nsenter"
A_NS=nlg-i$$a
B_NS=nlg-i$$b
ns_pair "$A_NS" ia 10.206.0.1/24 "$B_NS" ib 10.206.0.2/24
RUNS=${NLG_RUNS:-300} BYTES=10000 LONG=100000

sink_start "$B_NS" 10.206.0.2 7301 "$NLG_TMP/sink.txt" --timeout 170

# payload bytes (--ebpf off): exactly what each run sent
# (started by nsenter itself: a backgrounded shell function would be a
# subshell, which takes the cleanup trap along with the signal)
nsenter --net="/run/netns/$A_NS" "$NETLEDGER" apps --netns current --watch 0.2 --json --ebpf off > "$NLG_TMP/apps.json" 2>"$NLG_TMP/apps.err" &
AP=$!
nsenter --net="/run/netns/$A_NS" "$NETLEDGER" apps --netns current --group-by process --watch 0.2 --json --ebpf off \
	> "$NLG_TMP/procs.json" 2>"$NLG_TMP/procs.err" &
PP=$!
# top as a person keeps it open: from before the loop to the end
nsenter --net="/run/netns/$A_NS" "$NETLEDGER" top --netns current --batch -d 1 --iterations 170 -n --ebpf off --view processes \
	> "$NLG_TMP/top.txt" 2>&1 &
TP=$!
NLG_PIDS="$NLG_PIDS $AP $PP $TP"
sleep 1

# The senders run as orphans (their parent gone), as a program started from
# a desktop or a service would: under this script, they would be part of
# the script's app (a script run as a program is an app).
(sh -c 'echo $$ > "$0.new"; mv "$0.new" "$0"; ns=$1; shift; exec nsenter --net="/run/netns/$ns" "$@"' \
	"$NLG_TMP/long.pid" "$A_NS" "$NLG_TRAFFIC" send 10.206.0.2 7301 $LONG --hold 1000 \
	--linger 150 --timeout 160 > /dev/null 2>&1 &)
wait_lines "$NLG_TMP/long.pid" 1 10 || fail "the long sender did not start"
LP=$(cat "$NLG_TMP/long.pid")
NLG_PIDS="$NLG_PIDS $LP"

# Each run holds its connection 0.5 s, so that a sample sees it open (the
# eBPF socket counter, off here, would know the process of one it did not).
cat > "$NLG_TMP/loop.sh" <<LOOP
for j in \$(seq 10); do
	(for i in \$(seq $((RUNS / 10))); do
		nsenter --net="/run/netns/$A_NS" "$NLG_TRAFFIC" send 10.206.0.2 7301 $BYTES --hold 500 \\
			--timeout 20 > /dev/null 2>&1 || echo "run failed" >> "$NLG_TMP/failed"
	done) &
done
wait
echo done > "$NLG_TMP/loop.done"
LOOP
start=$(date +%s)
(sh "$NLG_TMP/loop.sh" &)
wait_for "$NLG_TMP/loop.done" done 150 || fail "the loop did not end in 150 s"
echo "  the loop took $(($(date +%s) - start)) s"
[ -f "$NLG_TMP/failed" ] && fail "$(wc -l < "$NLG_TMP/failed") runs failed"
ok "$RUNS runs of $BYTES bytes done"
sleep 1
cp "$NLG_TMP/apps.json" "$NLG_TMP/apps_end.json"

# Why a monitor's frames stopped, for a failure's message.
monitors() {
	for m in "apps:$AP:apps" "apps --group-by process:$PP:procs"; do
		pid=${m#*:}
		pid=${pid%%:*}
		kill -0 "$pid" 2>/dev/null && state=running || state=exited
		printf '%s %s after %s frames: %s; ' "${m%%:*}" "$state" \
			"$(wc -l < "$NLG_TMP/${m##*:}.json")" "$(head -c 300 "$NLG_TMP/${m##*:}.err")"
	done
}
app_of() { # FILE: the last frame's group of the program
	tail -n 1 "$1" | jq -c '[.groups[] | select(.name == "nlg-traffic")]'
}
g=$(app_of "$NLG_TMP/apps_end.json")
[ "$(echo "$g" | jq length)" = 1 ] || fail "not one app for nlg-traffic: $(tail -n 1 "$NLG_TMP/apps_end.json" | jq -c .groups)"
want=$((RUNS * BYTES + LONG))
tx=$(echo "$g" | jq '.[0].tx_bytes')
echo "  app at the end of the loop: $g"
[ "$tx" = "$want" ] || fail "app tx $tx, the runs and the long sender sent $want ($(monitors))"
ok "one app for the program, with exactly the sum of its runs: $tx bytes"
others=$(tail -n 1 "$NLG_TMP/apps_end.json" | jq '[.groups[] | select(.name | test("^nlg-traffic\\["))] | length')
[ "$others" = 0 ] || fail "apps named after a pid remain"

# every run seen as a process of its own, with its bytes, and gone once exited
runs=$(jq -r '.processes[]? | select(.name == "nlg-traffic" and .tx_bytes == '$BYTES') | .pid' \
	"$NLG_TMP/procs.json" | sort -u | wc -l)
echo "  runs listed by --group-by process: $runs"
[ "$runs" = "$RUNS" ] || fail "--group-by process showed $runs of $RUNS runs"
gone=$(jq -r '.processes[]? | select(.name == "nlg-traffic" and .tx_bytes == '$BYTES' and .gone) | .pid' \
	"$NLG_TMP/procs.json" | sort -u | wc -l)
[ "$gone" -ge $((RUNS * 9 / 10)) ] || fail "only $gone of the exited runs were marked gone"
ok "--group-by process shows the $RUNS runs, $gone of them seen gone after exiting"

sleep 15
kill -INT $AP $PP $TP
wait $AP || fail "apps exit status"
wait $PP || fail "apps --group-by process exit status"
wait $TP || fail "top --batch exit status"

last=$(tail -n 1 "$NLG_TMP/procs.json")
left=$(echo "$last" | jq '[.processes[] | select(.name == "nlg-traffic" and .pid != '$LP')] | length')
[ "$left" = 0 ] || fail "apps still lists $left exited runs: $(echo "$last" | jq -c .processes)"
rows=$(echo "$last" | jq '[.groups[] | select(.name | test("^nlg-traffic\\["))] | length')
[ "$rows" = 1 ] || fail "apps --group-by process: $rows rows of nlg-traffic, want the long sender's only"
g2=$(app_of "$NLG_TMP/apps.json")
echo "  app 15 s later: $g2"
[ "$(echo "$g2" | jq '.[0].tx_bytes')" = "$want" ] || fail "the app's total changed: $g2"
[ "$(echo "$g2" | jq '.[0].processes')" = 1 ] || fail "the app still counts exited processes: $g2"
ok "15 s after the loop: no exited run in apps, the app's total unchanged"

frames=$(grep -c '^netledger top' "$NLG_TMP/top.txt")
most=$(awk '/^netledger top/ { if (n > m) m = n; n = 0; next } / nlg-traffic / { n++ }
	END { if (n > m) m = n; print m }' "$NLG_TMP/top.txt")
echo "  top --batch: $frames frames, at most $most nlg-traffic processes in one"
[ "$most" -gt 1 ] || fail "top never listed the runs: $(tail -n 30 "$NLG_TMP/top.txt")"
awk -v f="$frames" '/^netledger top/ { n++ } n == f' "$NLG_TMP/top.txt" > "$NLG_TMP/top_last.txt"
n=$(grep -c " nlg-traffic " "$NLG_TMP/top_last.txt")
grep -q "$LP nlg-traffic" "$NLG_TMP/top_last.txt" || fail "top does not list the long sender: $(cat "$NLG_TMP/top_last.txt")"
[ "$n" = 1 ] || fail "top --batch lists $n nlg-traffic processes: $(cat "$NLG_TMP/top_last.txt")"
ok "top --batch, open all along, lists the long sender only at the end"
