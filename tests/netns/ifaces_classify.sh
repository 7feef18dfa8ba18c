#!/bin/sh
# Interfaces of a namespace made here are listed with their kind, state,
# MTU, MAC and addresses, in the table and in JSON.
. "$NLG_LIB"
require_root
A=nlg-c$$a
B=nlg-c$$b
ns_pair "$A" va 10.201.0.1/24 "$B" vb 10.201.0.2/24
DK=$(dummy_kind)
ip -n "$A" link add d0 address 02:00:00:00:00:d0 mtu 1400 type "$DK" || fail "add $DK link"
ip -n "$A" link add br0 type bridge
ip -n "$A" link set d0 up

J=$NLG_TMP/a.json
ip netns exec "$A" "$NETLEDGER" ifaces --json > "$J" || fail "ifaces --json"
q() { jq -r ".interfaces[] | select(.name == \"$1\") | $2" "$J"; }

[ "$(jq '.interfaces | length' "$J")" -eq 4 ] || fail "expected lo va d0 br0: $(jq -c '[.interfaces[].name]' "$J")"
[ "$(q lo .type)" = loopback ] || fail "lo type"
[ "$(q va .type)/$(q va .kind)" = virtual/veth ] || fail "va kind: $(q va .kind)"
[ "$(q d0 .kind)" = "$DK" ] || fail "d0 kind"
[ "$(q br0 .kind)" = bridge ] || fail "br0 kind"
[ "$(q d0 .mtu)" = 1400 ] || fail "d0 mtu"
[ "$(q d0 .mac)" = 02:00:00:00:00:d0 ] || fail "d0 mac $(q d0 .mac)"
[ "$(q br0 .state)" = down ] || fail "br0 state $(q br0 .state)"
[ "$(q va '.addresses[0].address')/$(q va '.addresses[0].prefixlen')" = 10.201.0.1/24 ] ||
	fail "va address"
[ "$(q lo '.addresses[0].address')" = 127.0.0.1 ] || fail "lo address"
q va '.flags | index("up")' | grep -qv null || fail "va flags"
ok "kinds, mtu, mac, state and addresses"

# The human table and its filter.
ip netns exec "$A" "$NETLEDGER" ifaces > "$NLG_TMP/t.txt" || fail "table"
grep -q '^va .*virtual/veth .*10.201.0.1/24' "$NLG_TMP/t.txt" || fail "table row: $(cat "$NLG_TMP/t.txt")"
ip netns exec "$A" "$NETLEDGER" ifaces -i d0 > "$NLG_TMP/d.txt" || fail "-i d0"
[ "$(grep -c . "$NLG_TMP/d.txt")" -eq 2 ] || fail "-i shows one row: $(cat "$NLG_TMP/d.txt")"
ok "table and -i filter"

# Errors: unknown interface (1), bad usage (2), help (0).
ip netns exec "$A" "$NETLEDGER" ifaces -i nosuch 2> "$NLG_TMP/e.txt"
[ $? -eq 1 ] || fail "unknown interface exit code"
grep -q "no interface named 'nosuch'" "$NLG_TMP/e.txt" || fail "unknown interface message"
"$NETLEDGER" ifaces --watch=abc 2>/dev/null
[ $? -eq 2 ] || fail "bad --watch exit code"
"$NETLEDGER" ifaces --bogus 2>/dev/null
[ $? -eq 2 ] || fail "unknown option exit code"
"$NETLEDGER" frobnicate 2>/dev/null
[ $? -eq 2 ] || fail "unknown command exit code"
"$NETLEDGER" ifaces --help | grep -q -- '--watch' || fail "help"
ok "exit codes"

# The /proc/net/dev fallback sees the same links and counters (no kinds).
ip netns exec "$A" "$NETLEDGER" ifaces --json --source procfs > "$NLG_TMP/p.json" || fail "procfs"
[ "$(jq -r '.source' "$NLG_TMP/p.json")" = procfs ] || fail "source"
[ "$(jq '.interfaces | length' "$NLG_TMP/p.json")" -eq 4 ] || fail "procfs count"
[ "$(jq -r '.interfaces[] | select(.name=="d0") | .mtu' "$NLG_TMP/p.json")" = 1400 ] || fail "procfs mtu"
ok "procfs fallback"
