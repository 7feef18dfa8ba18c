#!/bin/sh
# After a TCP transfer of exactly 8 MiB across a veth, netledger's deltas at
# both ends equal the kernel's own (ip -s -j link) and cover the payload;
# every frame's rate is that frame's delta over its interval.
. "$NLG_LIB"
require_root
A=nlg-x$$a
B=nlg-x$$b
ns_pair "$A" va 10.202.0.1/24 "$B" vb 10.202.0.2/24
PAYLOAD=$((8 * 1024 * 1024))

sink_start "$B" 10.202.0.2 5001 "$NLG_TMP/sink.txt" --once --timeout 60

before_a_tx=$(kernel_counter "$A" va tx)
before_a_rx=$(kernel_counter "$A" va rx)
before_b_tx=$(kernel_counter "$B" vb tx)
before_b_rx=$(kernel_counter "$B" vb rx)

ip netns exec "$A" "$NETLEDGER" ifaces --watch 0.2 --json -i va > "$NLG_TMP/wa.json" &
WA=$!
ip netns exec "$B" "$NETLEDGER" ifaces --watch 0.2 --json -i vb > "$NLG_TMP/wb.json" &
WB=$!
NLG_PIDS="$NLG_PIDS $WA $WB"
wait_lines "$NLG_TMP/wa.json" 1 10 || fail "watch A printed nothing"
wait_lines "$NLG_TMP/wb.json" 1 10 || fail "watch B printed nothing"

ip netns exec "$A" "$NLG_TRAFFIC" send 10.202.0.2 5001 "$PAYLOAD" --timeout 60 || fail "send"
wait_for "$NLG_TMP/sink.txt" "received $PAYLOAD" 10 || fail "sink: $(cat "$NLG_TMP/sink.txt")"

# Let each monitor take a few samples after the last packet, then stop it.
sleep 1
kill -INT "$WA" "$WB"
wait "$WA" || fail "watch A exit status"
wait "$WB" || fail "watch B exit status"

after_a_tx=$(kernel_counter "$A" va tx)
after_a_rx=$(kernel_counter "$A" va rx)
after_b_tx=$(kernel_counter "$B" vb tx)
after_b_rx=$(kernel_counter "$B" vb rx)

check() { # file iface dir before after
	got=$(tail -n 1 "$1" | jq -r ".interfaces[] | select(.name == \"$2\") | .since_start.$3_bytes")
	total=$(tail -n 1 "$1" | jq -r ".interfaces[] | select(.name == \"$2\") | .total.$3_bytes")
	want=$(($5 - $4))
	[ "$got" = "$want" ] || fail "$2 $3: netledger counted $got, kernel moved $want"
	[ "$total" = "$5" ] || fail "$2 $3: netledger total $total, kernel says $5"
	echo "  $2 $3: $got bytes (kernel: $want)"
}
check "$NLG_TMP/wa.json" va tx "$before_a_tx" "$after_a_tx"
check "$NLG_TMP/wa.json" va rx "$before_a_rx" "$after_a_rx"
check "$NLG_TMP/wb.json" vb tx "$before_b_tx" "$after_b_tx"
check "$NLG_TMP/wb.json" vb rx "$before_b_rx" "$after_b_rx"
[ $((after_a_tx - before_a_tx)) -ge "$PAYLOAD" ] || fail "sender moved less than the payload"
[ $((after_b_rx - before_b_rx)) -ge "$PAYLOAD" ] || fail "receiver got less than the payload"
ok "8 MiB transfer counted exactly at both ends"

# Rates: in every frame after the first, rate x interval is the bytes the
# frame added to since_start (to a byte, for rx and tx at both ends); and
# the sender's busiest frame moved at least a tenth of the payload.
rate_err() { # file: the largest |rate x interval - delta| of any frame
	jq -s '[range(1; length) as $i | .[$i] as $f | .[$i - 1] as $p | ("rx", "tx") as $d |
		($f.interfaces[0].since_start[$d + "_bytes"] - $p.interfaces[0].since_start[$d + "_bytes"]) -
		$f.interfaces[0].rate[$d + "_bytes"] * $f.interval_s | fabs] | max' "$1"
}
for f in wa wb; do
	e=$(rate_err "$NLG_TMP/$f.json")
	echo "  $f: rate x interval is off its frame's delta by at most $e bytes"
	awk -v e="$e" 'BEGIN { exit !(e != "null" && e <= 1) }' || fail "$f: a rate is not its frame's delta over its interval (off by $e)"
done
peak=$(jq -s '[.[] | .interfaces[0].since_start.tx_bytes] as $s |
	[range(1; $s | length) | $s[.] - $s[. - 1]] | max' "$NLG_TMP/wa.json")
[ "$peak" -ge $((PAYLOAD / 10)) ] || fail "no frame saw the transfer (busiest frame: $peak bytes)"
ok "rates: each frame's rate is its delta over its interval"
