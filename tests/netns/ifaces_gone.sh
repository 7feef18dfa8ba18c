#!/bin/sh
# A veth deleted during --watch ends as "gone" with its final totals and no
# crash; one re-created under the same name starts a fresh total.
. "$NLG_LIB"
require_root
A=nlg-g$$a
B=nlg-g$$b
ns_pair "$A" va 10.203.0.1/24 "$B" vb 10.203.0.2/24

sink_start "$B" 10.203.0.2 5002 "$NLG_TMP/sink.txt" --once --timeout 60

ip netns exec "$A" "$NETLEDGER" ifaces --watch 0.2 --json > "$NLG_TMP/w.json" &
W=$!
NLG_PIDS="$NLG_PIDS $W"
wait_lines "$NLG_TMP/w.json" 1 10 || fail "watch printed nothing"
ip netns exec "$A" "$NLG_TRAFFIC" send 10.203.0.2 5002 1000000 --timeout 60 || fail "send"
final_tx=$(kernel_counter "$A" va tx)
first_index=$(ip -n "$A" -j link show dev va | jq '.[0].ifindex')

ip -n "$A" link del va || fail "delete va"
n=$(wc -l < "$NLG_TMP/w.json")
wait_lines "$NLG_TMP/w.json" $((n + 3)) 10 || fail "watch stopped after the delete"
kill -0 "$W" 2>/dev/null || fail "watch died when va was deleted"

last() { tail -n 1 "$NLG_TMP/w.json" | jq -r "$1"; }
[ "$(last '[.interfaces[] | select(.name == "va")] | length')" = 1 ] || fail "va listed once"
[ "$(last '.interfaces[] | select(.name == "va") | .state')" = gone ] || fail "va not gone"
[ "$(last '.interfaces[] | select(.name == "va") | .total.tx_bytes')" = "$final_tx" ] ||
	fail "gone va lost its final total"
ok "deleted veth is gone with its final total ($final_tx bytes sent)"

# Same name again: a new interface, counted from zero.
veth_pair "$A" va 10.203.0.1/24 "$B" vb2 10.203.0.3/24
n=$(wc -l < "$NLG_TMP/w.json")
wait_lines "$NLG_TMP/w.json" $((n + 3)) 10 || fail "watch stopped after the re-create"
kill -INT "$W"
wait "$W" || fail "watch exit status"

[ "$(last '[.interfaces[] | select(.name == "va")] | length')" = 2 ] || fail "old and new va"
new=$(last '.interfaces[] | select(.name == "va" and .gone == false)')
[ "$(echo "$new" | jq '.index')" != "$first_index" ] || fail "new va has the old index"
new_tx=$(echo "$new" | jq '.since_start.tx_bytes')
[ "$new_tx" -lt 100000 ] || fail "new va inherited traffic: $new_tx"
[ "$(echo "$new" | jq '.resets')" = 0 ] || fail "new va counted as a reset"
old=$(last '.interfaces[] | select(.name == "va" and .gone == true) | .total.tx_bytes')
[ "$old" = "$final_tx" ] || fail "old va total changed: $old"
ok "re-created veth starts a fresh total ($new_tx bytes), old one unchanged"
