#!/bin/sh
# Short-lived connections of containers, seen from the host: two
# containers behind H's bridge; container 1 makes 200 sequential 20 KiB
# TCP connections to R (each closes at once) and exits, container 2 sends
# 1 MiB over one connection. netledger runs in H as root (every namespace,
# the eBPF counter). Each of the 200 connections is removed with its final
# 20480 bytes and container 1's app, also those that closed after the
# process exited; container 2's connection is its own app's.
. "$NLG_LIB"
require_root
. "$(dirname "$NLG_LIB")/container_lib.sh"
container_new 1 10.210.0.2
container_new 2 10.210.0.3
APP1="docker:$(echo "$C_ID_1" | cut -c1-12)"
APP2="docker:$(echo "$C_ID_2" | cut -c1-12)"

ebpf_and_sink

watchers_start
sleep 1

# No linger: container 1's process is gone when its last connections close.
in_container 1 "$NLG_TRAFFIC" send 10.211.0.2 7001 20480 --connections 200 --timeout 60 &
S1=$!
in_container 2 "$NLG_TRAFFIC" send 10.211.0.2 7001 1048576 --rate 1048576 --timeout 60 &
S2=$!
wait $S1 || fail "container 1's sender failed"
wait $S2 || fail "container 2's sender failed"
watchers_stop

n=$(jq -c --arg a "$APP1" 'select(.event == "removed" and .connection.proto == "tcp" and
	.connection.app == $a and .connection.tx_bytes == 20480 and .connection.remote.port == 7001)
	| .connection.cookie' "$NLG_TMP/watch.json" | sort -u | grep -c .)
echo "  container 1: $n of 200 connections removed with 20480 bytes and its app"
if [ "$n" != 200 ]; then
	jq -c 'select(.connection.proto == "tcp" and .connection.remote.port == 7001) |
		{event, cookie: .connection.cookie, tx: .connection.tx_bytes, app: .connection.app,
		 ns: .connection.netns_name, why: .connection.no_process_reason}' \
		"$NLG_TMP/watch.json" | grep -v "\"tx\":20480,\"app\":\"$APP1\"" | head -n 20
	fail "container 1: $n of 200 short-lived connections with their bytes and container"
fi
ok "all 200 short-lived connections: exact bytes, container 1's app"
wrong=$(jq -c --arg a "$APP1" --arg ns "$C_NS_1" 'select(.event == "removed" and
	.connection.app == $a and .connection.proto == "tcp" and .connection.netns_name != $ns)' \
	"$NLG_TMP/watch.json" | grep -c .)
[ "$wrong" = 0 ] || fail "$wrong of container 1's connections without its namespace"
ok "each in container 1's namespace"
pay2=$(whole "$NLG_TMP/watch.json" | jq -s --arg a "$APP2" '[.[] | select(.event == "removed"
	and .connection.app == $a and .connection.proto == "tcp") | .connection.tx_bytes] | add // 0')
[ "$pay2" = 1048576 ] || fail "container 2's TCP payload: $pay2, sent 1048576"
ok "container 2's connection: exactly 1048576 bytes, its own app"
last_frame "$NLG_TMP/apps.json" > "$NLG_TMP/last.json"
gone=$(jq -r --arg a "$APP1" '.groups[] | select(.name == $a) | .tx_bytes' "$NLG_TMP/last.json")
if [ -z "$gone" ] || [ "$gone" -lt $((200 * 20480)) ]; then
	jq -c '.groups[] | {name, kind, tx_bytes}' "$NLG_TMP/last.json" | head -n 20
	fail "container 1's app after its process exited: '$gone' bytes"
fi
ok "container 1's app keeps $gone bytes after its process exited"
