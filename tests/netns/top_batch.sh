#!/bin/sh
# netledger top --batch --iterations 3: three plain-text frames, each with
# the header and the expected columns; the busy sender on the first row of
# the apps view; a UDP sender's bytes "unknown", never 0; the connections
# view with the remote endpoint and state; with the eBPF socket counter,
# the UDP sender's bytes counted; the title says "incremental" only when
# samples are (asked for, and the eBPF counter runs). Every run is bounded.
. "$NLG_LIB"
. "$(dirname "$NLG_LIB")/top_lib.sh"
require_root
top_traffic
sleep 1

out=$NLG_TMP/batch.txt
timeout 30 nsenter --net="/run/netns/$TOP_A" env NETLEDGER_SAMPLING=auto "$NETLEDGER" top --netns current \
	--batch --iterations 3 -d 0.5 -n --ebpf off > "$out" 2> "$NLG_TMP/batch.err" || fail "top --batch exit status $? ($(cat "$NLG_TMP/batch.err"))"

frames=$(grep -c '^netledger top - every 0.5s - apps - sort RATE' "$out")
[ "$frames" = 3 ] || fail "$frames frames, not 3: $(cat "$out")"
hdr=$(grep -c '^APP  *RATE IN  *RATE OUT  *TOTAL IN  *TOTAL OUT  *CONNS$' "$out")
[ "$hdr" = 3 ] || fail "column header in $hdr frames: $(cat "$out")"
for line in '^ta  *in .* out .* total in .* out ' '^last 1m ' '^attributed to sockets: in [0-9]*% out' \
	'^unattributed: in .* out .* total in '; do
	[ "$(grep -c "$line" "$out")" = 3 ] || fail "a frame lacks '$line': $(cat "$out")"
done
ok "3 frames, each with header lines and the columns APP, RATE IN/OUT, TOTAL IN/OUT, CONNS"
grep -q '^netledger top .* - incremental$' "$out" && fail "incremental without the eBPF counter: $(head -n 1 "$out")"

# the last frame: rows after its column header
last=$NLG_TMP/last.txt
awk '/^netledger top/ { n++ } n == 3' "$out" > "$last"
first=$(awk 'h { print; exit } /^APP / { h = 1 }' "$last")
echo "  first row: $first"
case "$first" in
*"nlg-busy "*) ;;
*) fail "the busy sender ($BUSY) is not on the first row: $(cat "$last")" ;;
esac
echo "$first" | grep -Eq '[0-9.]+ MiB/s' || fail "the busy sender has no MiB/s rate: $first"
ok "the busy sender is on the first row, with its rate"

udp=$(grep "nlg-udps " "$last")
[ -n "$udp" ] || fail "the UDP sender ($UDPS) is not listed"
[ "$(echo "$udp" | grep -o unknown | wc -l)" = 4 ] || fail "UDP bytes not all 'unknown': $udp"
echo "$udp" | grep -q ' 0 B' && fail "UDP bytes shown as 0: $udp"
ok "the UDP sender's four byte columns read 'unknown'"

# with the eBPF socket counter, the same sender has bytes
if timeout 30 nsenter --net="/run/netns/$TOP_A" env NETLEDGER_SAMPLING=auto "$NETLEDGER" top --netns current \
	-b -i 3 -d 0.5 -n --ebpf on > "$NLG_TMP/ebpf.txt" 2> "$NLG_TMP/ebpf.err"; then
	udp=$(awk '/^netledger top/ { n++ } n == 3' "$NLG_TMP/ebpf.txt" | grep "nlg-udps ")
	echo "  with eBPF: $udp"
	[ -n "$udp" ] || fail "the UDP sender is not listed with eBPF: $(cat "$NLG_TMP/ebpf.txt")"
	echo "$udp" | grep -q unknown && fail "UDP bytes unknown with the eBPF counter: $udp"
	echo "$udp" | grep -Eq '[1-9][0-9.]* (KiB|B)/s' || fail "no UDP rate with eBPF: $udp"
	ok "with the eBPF socket counter, the UDP sender's bytes are counted"
	[ "$(grep -c '^netledger top .* - incremental$' "$NLG_TMP/ebpf.txt")" = 3 ] ||
		fail "NETLEDGER_SAMPLING=auto with eBPF: a title does not say incremental: $(cat "$NLG_TMP/ebpf.txt")"
	ok "the title says incremental when samples are"
else
	ebpf_lacking "$NLG_TMP/ebpf.err" && lacking "UDP bytes with the eBPF socket counter"
fi

timeout 30 nsenter --net="/run/netns/$TOP_A" "$NETLEDGER" top --netns current -b -i 1 -d 0.3 -n -v connections \
	-s rate-out > "$NLG_TMP/conns.txt" || fail "top --view connections"
grep -q '^CONNECTION  *REMOTE  *STATE  *RATE IN  *RATE OUTv  *TOTAL IN  *TOTAL OUT$' "$NLG_TMP/conns.txt" ||
	fail "connections header: $(cat "$NLG_TMP/conns.txt")"
row=$(awk 'h { print; exit } /^CONNECTION / { h = 1 }' "$NLG_TMP/conns.txt")
echo "$row" | grep -Eq "^tcp $BUSY nlg-busy +10\.205\.0\.2:7201 +established " ||
	fail "first connection is not the busy one: $row"
ok "connections view: remote endpoint and state, sorted by rate out"

# bad arguments: one line, exit 2
"$NETLEDGER" top --netns current --batch --iterations 0 2> "$NLG_TMP/e1" && fail "--iterations 0 accepted"
[ $? = 2 ] && [ "$(wc -l < "$NLG_TMP/e1")" = 1 ] || fail "--iterations 0: $(cat "$NLG_TMP/e1")"
"$NETLEDGER" top < /dev/null > /dev/null 2>&1 && fail "top without a terminal ran"
ok "bad arguments and no terminal: exit 2"

# without root: one line says what is not visible, and the view still works
if command -v setpriv >/dev/null; then
	timeout 30 nsenter --net="/run/netns/$TOP_A" setpriv --reuid=65534 --regid=65534 \
		--clear-groups "$NETLEDGER" top --netns current -b -i 1 -d 0.3 -n --ebpf off > "$NLG_TMP/user.txt" ||
		fail "top as an unprivileged user failed"
	grep -q "^not visible: .*not root" "$NLG_TMP/user.txt" || fail "no banner: $(cat "$NLG_TMP/user.txt")"
	grep -q "^APP  *RATE IN" "$NLG_TMP/user.txt" || fail "no rows header without root"
	# its bytes are unknown ("unknown", or a "+" where the unattributed
	# row also holds what no socket explains)
	grep -Eq 'unknown|B(/s)?\+' "$NLG_TMP/user.txt" || fail "the UDP sender's socket is gone without root"
	ok "without root: a banner says what is not visible; the rows are still shown"
else
	in_ci && fail "needs setpriv (util-linux)"
	lacking "the unprivileged run (needs setpriv)"
fi
finish
